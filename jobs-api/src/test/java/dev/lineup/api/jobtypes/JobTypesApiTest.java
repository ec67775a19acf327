package dev.lineup.api.jobtypes;

import dev.lineup.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog endpoint describes every job type from its record and constraints. */
class JobTypesApiTest extends ApiTestSupport {

    private JsonNode type(JsonNode types, String name) {
        for (JsonNode type : types) if (type.path("name").asString().equals(name)) return type;
        throw new AssertionError("no type " + name);
    }

    private JsonNode field(JsonNode type, String name) {
        for (JsonNode field : type.path("fields"))
            if (field.path("name").asString().equals(name)) return field;
        throw new AssertionError("no field " + name + " in " + type);
    }

    private List<String> constraints(JsonNode field) {
        List<String> words = new ArrayList<>();
        field.path("constraints").forEach(c -> words.add(c.asString()));
        return words;
    }

    @Test
    void listsTheFourTypesWithTheirDefaultPriorities() {
        Response response = get("/api/v1/job-types", SALON);

        assertThat(response.status()).isEqualTo(200);
        JsonNode types = response.json().path("types");
        assertThat(types)
                .extracting(t -> t.path("name").asString())
                .containsExactly("email.send", "sms.send", "webhook.call", "report.daily");
        assertThat(types)
                .extracting(t -> t.path("defaultPriority").asString())
                .containsExactly("normal", "normal", "normal", "low");
        assertThat(types.get(1).path("retry").path("maxAttempts").asInt()).isEqualTo(6);
        assertThat(types.get(1).path("retry").path("backoffCap").asString()).isEqualTo("PT30M");
        assertThat(types.get(1).path("timeout").asString()).isEqualTo("PT30S");
        assertThat(types)
                .allSatisfy(t -> assertThat(t.path("description").asString()).isNotBlank());
    }

    @Test
    void describesEachFieldWithItsTypeAndConstraints() {
        JsonNode types = get("/api/v1/job-types", SALON).json().path("types");

        JsonNode sms = type(types, "sms.send");
        assertThat(sms.path("fields"))
                .extracting(f -> f.path("name").asString())
                .containsExactly("to", "text", "timeZone");
        assertThat(field(sms, "to").path("type").asString()).isEqualTo("string");
        assertThat(field(sms, "to").path("required").asBoolean()).isTrue();
        assertThat(constraints(field(sms, "to"))).anySatisfy(c -> assertThat(c).startsWith("E.164 phone number"));
        assertThat(constraints(field(sms, "text"))).contains("max length 1600");
        assertThat(field(sms, "timeZone").path("required").asBoolean()).isFalse();
        assertThat(constraints(field(sms, "timeZone"))).containsExactly("IANA time zone such as Europe/Berlin");

        JsonNode email = type(types, "email.send");
        assertThat(constraints(field(email, "to"))).contains("email address", "max length 254");
        assertThat(field(email, "subject").path("required").asBoolean()).isFalse();
        assertThat(field(email, "variables").path("type").asString()).isEqualTo("object");
        assertThat(constraints(field(email, "variables")))
                .contains("at most 50 entries", "each key: max length 64", "each value: max length 2000");
        assertThat(email.path("templates"))
                .extracting(t -> t.path("name").asString())
                .containsExactly(
                        "appointment-reminder",
                        "booking-confirmation",
                        "verification-code",
                        "password-reset",
                        "welcome");
        assertThat(email.path("templates").get(2).path("requiredVariables"))
                .extracting(JsonNode::asString)
                .containsExactly("code");

        JsonNode webhook = type(types, "webhook.call");
        assertThat(constraints(field(webhook, "method"))).contains("one of GET, POST, PUT, PATCH, DELETE");
        assertThat(field(webhook, "url").path("required").asBoolean()).isTrue();
        assertThat(field(webhook, "body").path("type").asString()).isEqualTo("json");
        assertThat(sms.has("templates")).isFalse();

        JsonNode report = type(types, "report.daily");
        assertThat(field(report, "date").path("type").asString()).isEqualTo("date");
        assertThat(field(report, "recipients").path("type").asString()).isEqualTo("array");
        assertThat(constraints(field(report, "recipients"))).contains("at most 20 items", "each item: email address");
    }

    @Test
    void needsAKey() {
        assertProblem(get("/api/v1/job-types", null), 401, "unauthorized");
    }
}
