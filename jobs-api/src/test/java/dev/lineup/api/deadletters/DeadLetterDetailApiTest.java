package dev.lineup.api.deadletters;

import dev.lineup.core.catalog.Examples;
import dev.lineup.core.job.Priority;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** One dead letter in full: its payload and every attempt, failures with their stack traces. */
class DeadLetterDetailApiTest extends DeadLetterTestSupport {

    @Test
    void showsThePayloadAndEveryAttemptWithClassMessageAndStackTrace() {
        UUID id = fixtures.deadLetter(
                "salon",
                Examples.sms(),
                Priority.CRITICAL,
                T0,
                3,
                attempt -> attempt < 3
                        ? new UncheckedIOException(
                                "connect timed out (attempt " + attempt + ")", new IOException("no route to host"))
                        : new IllegalArgumentException("gateway refused the number"));

        JsonNode detail = assertOk(get("/api/v1/dead-letters/" + id, SALON));

        assertThat(detail.path("id").asString()).isEqualTo(id.toString());
        assertThat(detail.path("type").asString()).isEqualTo("sms.send");
        assertThat(detail.path("priority").asString()).isEqualTo("critical");
        assertThat(detail.path("producer").asString()).isEqualTo("salon");
        assertThat(detail.path("state").asString()).isEqualTo("failed");
        assertThat(detail.path("failedAt").asString()).isEqualTo("2026-11-20T09:00:00Z");
        assertThat(detail.path("attempts").asInt()).isEqualTo(3);
        assertThat(detail.path("errorClass").asString()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(detail.path("errorMessage").asString()).isEqualTo("gateway refused the number");
        assertThat(detail.path("payload"))
                .isEqualTo(MAPPER.readTree(
                        "{\"to\": \"+14155550123\", \"text\": \"Your code is 481516\", \"timeZone\": null}"));
        assertThat(detail.path("replays")).isEmpty();
        assertThat(detail.path("replayOf").isNull()).isTrue();

        JsonNode history = detail.path("history");
        assertThat(history).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode attempt = history.get(i);
            assertThat(attempt.path("number").asInt()).isEqualTo(i + 1);
            assertThat(attempt.path("outcome").asString()).isEqualTo("failed");
            assertThat(attempt.path("startedAt").asString())
                    .isEqualTo(T0.minusSeconds(60L * (2 - i)).minusMillis(250).toString());
            assertThat(attempt.path("failedAt").asString())
                    .isEqualTo(T0.minusSeconds(60L * (2 - i)).toString());
            assertThat(attempt.path("stackTrace").asString())
                    .contains("\tat dev.lineup.api.deadletters.DeadLetterDetailApiTest");
        }
        assertThat(history.get(0).path("errorClass").asString()).isEqualTo("java.io.UncheckedIOException");
        assertThat(history.get(0).path("errorMessage").asString()).isEqualTo("connect timed out (attempt 1)");
        assertThat(history.get(0).path("stackTrace").asString())
                .contains("Caused by: java.io.IOException: no route to host");
        assertThat(history.get(1).path("errorMessage").asString()).isEqualTo("connect timed out (attempt 2)");
        assertThat(history.get(2).path("errorClass").asString()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(history.get(2).path("stackTrace").asString())
                .startsWith("java.lang.IllegalArgumentException: gateway refused the number");
        assertThat(history.get(2).path("permanent").asBoolean()).isFalse();
    }

    @Test
    void aWebhookBodyIsShownAsJson() {
        UUID id = fixtures.deadLetter("salon", Examples.webhook("https://salon.example/cleanup"), T0);

        JsonNode payload = assertOk(get("/api/v1/dead-letters/" + id, SALON)).path("payload");

        assertThat(payload.path("url").asString()).isEqualTo("https://salon.example/cleanup");
        assertThat(payload.path("body").isObject()).isTrue();
        assertThat(payload.path("body").path("olderThanMinutes").asInt()).isEqualTo(30);
        assertThat(payload.has("jobRequestHandler")).isFalse();
    }

    @Test
    void anotherProducersDeadLetterIsNotFoundButAnOperatorSeesIt() {
        UUID id = fixtures.deadLetter("clinic", Examples.sms(), T0);

        assertProblem(get("/api/v1/dead-letters/" + id, SALON), 404, "not-found");
        assertThat(assertOk(get("/api/v1/dead-letters/" + id, OPERATOR))
                        .path("producer")
                        .asString())
                .isEqualTo("clinic");
        assertProblem(get("/api/v1/dead-letters/" + UUID.randomUUID(), OPERATOR), 404, "not-found");
    }
}
