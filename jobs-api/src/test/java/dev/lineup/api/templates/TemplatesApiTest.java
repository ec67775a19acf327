package dev.lineup.api.templates;

import dev.lineup.api.ApiTestSupport;
import dev.lineup.core.catalog.EmailTemplate;
import dev.lineup.core.email.EmailTemplates;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The template list and previews, rendered by the worker's own renderer. */
class TemplatesApiTest extends ApiTestSupport {

    private static final EmailTemplates TEMPLATES = new EmailTemplates();

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void listsEveryTemplateWithItsVariablesAndSamples() {
        Response response = get("/api/v1/templates", SALON);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode templates = response.json().path("templates");
        assertThat(templates)
                .extracting(t -> t.path("name").asString())
                .containsExactly(
                        "appointment-reminder",
                        "booking-confirmation",
                        "verification-code",
                        "password-reset",
                        "welcome");
        JsonNode reset = templates.get(3);
        assertThat(reset.path("requiredVariables"))
                .extracting(JsonNode::asString)
                .containsExactly("customerName", "resetUrl", "expiresInMinutes");
        assertThat(reset.path("sampleVariables").path("expiresInMinutes").asString())
                .isEqualTo("30");
        assertThat(reset.path("preview").asString()).isEqualTo("/api/v1/templates/password-reset/preview");
        assertThat(templates.get(4).path("requiredVariables"))
                .extracting(JsonNode::asString)
                .containsExactly("customerName", "businessName");
    }

    @Test
    void aPreviewUsesTheGivenVariablesAndTheSamplesForTheRest() {
        Response response =
                get("/api/v1/templates/booking-confirmation/preview?customerName=" + encoded("Zoë <b>"), SALON);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode preview = response.json();
        Map<String, String> used =
                Map.of("customerName", "Zoë <b>", "businessName", "Fade & Co", "startsAt", "Tue 14 Jan, 10:30");
        var expected = TEMPLATES.render(EmailTemplate.BOOKING_CONFIRMATION, used);
        assertThat(preview.path("template").asString()).isEqualTo("booking-confirmation");
        assertThat(preview.path("subject").asString()).isEqualTo("You're booked at Fade & Co for Tue 14 Jan, 10:30");
        assertThat(preview.path("text").asString()).isEqualTo(expected.text()).startsWith("Hi Zoë <b>,");
        assertThat(preview.path("html").asString())
                .isEqualTo(expected.html())
                .contains("You're booked, Zoë &lt;b&gt;!");
        assertThat(preview.path("variables").path("customerName").asString()).isEqualTo("Zoë <b>");
        assertThat(preview.path("variables").path("businessName").asString()).isEqualTo("Fade & Co");
    }

    @Test
    void partHtmlAnswersThePageItselfForABrowser() {
        Response response = get(
                "/api/v1/templates/password-reset/preview?part=html&resetUrl="
                        + encoded("https://salon.example/reset?t=1"),
                SALON);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
        assertThat(response.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'"));
        assertThat(response.body())
                .startsWith("<!DOCTYPE html>")
                .contains("href=\"https://salon.example/reset?t&#x3D;1\"")
                .isEqualTo(TEMPLATES
                        .render(
                                EmailTemplate.PASSWORD_RESET,
                                Map.of(
                                        "customerName",
                                        "Ada",
                                        "resetUrl",
                                        "https://salon.example/reset?t=1",
                                        "expiresInMinutes",
                                        "30"))
                        .html());
    }

    @Test
    void partTextAnswersThePlainText() {
        Response response = get("/api/v1/templates/verification-code/preview?part=text&code=123456", SALON);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
        assertThat(response.body()).startsWith("Hi,\n\nYour verification code is:\n\n    123456\n");
    }

    @Test
    void anUnknownTemplateIsNotFoundAndTheKnownOnesAreNamed() {
        Response response = get("/api/v1/templates/goodbye/preview", SALON);

        assertProblem(response, 404, "not-found");
        assertThat(response.json().path("detail").asString())
                .contains("goodbye")
                .contains("appointment-reminder, booking-confirmation, verification-code, password-reset, welcome");
    }

    @Test
    void anUnknownTemplateIsNotFoundAsProblemJsonEvenWhenHtmlIsAsked() {
        assertProblem(get("/api/v1/templates/goodbye/preview?part=html", SALON), 404, "not-found");
    }

    @Test
    void aParameterThatIsNoVariableOfTheTemplateIsNamed() {
        Response response = get("/api/v1/templates/welcome/preview?customername=Ada", SALON);

        assertProblem(response, 400, "invalid-request", "customername");
        assertThat(response.errorMessage("customername")).contains("customerName, businessName");
    }

    @Test
    void variablesAreCheckedAsEnqueueChecksThem() {
        Response response = get(
                "/api/v1/templates/password-reset/preview?part=html&resetUrl=" + encoded("javascript:alert(1)"), SALON);

        assertProblem(response, 400, "invalid-request", "variables");
        assertThat(response.errorMessage("variables")).isEqualTo("resetUrl must be an http or https URL");
    }

    @Test
    void anUnknownPartIsNamed() {
        assertProblem(get("/api/v1/templates/welcome/preview?part=pdf", SALON), 400, "invalid-request", "part");
    }

    @Test
    void needsAKey() {
        assertProblem(get("/api/v1/templates", null), 401, "unauthorized");
        assertProblem(get("/api/v1/templates/welcome/preview?part=html", null), 401, "unauthorized");
        assertProblem(get("/api/v1/templates/welcome/preview", "not-a-key"), 401, "unauthorized");
    }
}
