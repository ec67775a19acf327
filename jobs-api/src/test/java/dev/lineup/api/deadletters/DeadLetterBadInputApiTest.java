package dev.lineup.api.deadletters;

import dev.lineup.core.catalog.Examples;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every dead-letter endpoint answers bad input with problem+json naming it, and changes nothing. */
class DeadLetterBadInputApiTest extends DeadLetterTestSupport {

    private UUID deadLetter;
    private long rows;

    @BeforeEach
    void oneDeadLetter() {
        deadLetter = fixtures.deadLetter("salon", Examples.sms(), T0);
        rows = jobRows();
    }

    private void assertRejected(Response response, int status, String slug, String... fields) {
        assertProblem(response, status, slug, fields);
        assertThat(jobRows()).as("rows in jobrunr_jobs").isEqualTo(rows);
        assertThat(replayRows()).as("rows in lineup_replays").isZero();
        assertThat(state(deadLetter)).isEqualTo("FAILED");
    }

    @Test
    void aMalformedIdIsNamedByEveryEndpoint() {
        assertRejected(get("/api/v1/dead-letters/42", SALON), 400, "invalid-request", "id");
        assertRejected(postWithoutBody("/api/v1/dead-letters/42/replay", SALON), 400, "invalid-request", "id");
        assertRejected(delete("/api/v1/dead-letters/not-a-uuid", SALON), 400, "invalid-request", "id");
    }

    @Test
    void badListParametersAreNamed() {
        assertRejected(get("/api/v1/dead-letters?priority=urgent", SALON), 400, "invalid-request", "priority");
        assertThat(get("/api/v1/dead-letters?priority=urgent", SALON).errorMessage("priority"))
                .contains("critical, high, normal, low");
        assertRejected(get("/api/v1/dead-letters?type=fax.send", SALON), 400, "invalid-request", "type");
        assertThat(get("/api/v1/dead-letters?type=fax.send", SALON).errorMessage("type"))
                .contains("sms.send", "webhook.call");
        assertRejected(
                get("/api/v1/dead-letters?errorClass=not%20a%20class", SALON), 400, "invalid-request", "errorClass");
        assertRejected(get("/api/v1/dead-letters?from=yesterday", SALON), 400, "invalid-request", "from");
        assertRejected(get("/api/v1/dead-letters?to=2026-11-24T09:00:00", SALON), 400, "invalid-request", "to");
        assertRejected(
                get("/api/v1/dead-letters?from=2026-11-24T09:00:00Z&to=2026-11-24T09:00:00Z", SALON),
                400,
                "invalid-request",
                "to");
        assertRejected(get("/api/v1/dead-letters?size=0", SALON), 400, "invalid-request", "size");
        assertRejected(get("/api/v1/dead-letters?size=201", SALON), 400, "invalid-request", "size");
        assertRejected(get("/api/v1/dead-letters?size=ten", SALON), 400, "invalid-request", "size");
        assertRejected(get("/api/v1/dead-letters?page=-1", SALON), 400, "invalid-request", "page");
        assertRejected(get("/api/v1/dead-letters?errorClas=GatewayDown", SALON), 400, "invalid-request", "errorClas");
        assertRejected(
                get("/api/v1/dead-letters?type=sms.send&type=email.send", SALON), 400, "invalid-request", "type");
        assertRejected(get("/api/v1/dead-letters?producer=Salon!", OPERATOR), 400, "invalid-request", "producer");
    }

    @Test
    void everyBadListParameterIsNamedAtOnce() {
        assertRejected(
                get("/api/v1/dead-letters?priority=urgent&from=soon&size=0&producer=clinic", SALON),
                400,
                "invalid-request",
                "priority",
                "from",
                "size",
                "producer");
    }

    @Test
    void badBulkReplayRequestsAreNamedAndReplayNothing() {
        String path = "/api/v1/dead-letters/replay";
        assertRejected(
                post(path, SALON, "{\"filter\": {}, \"ratePerSecond\": 0}"), 400, "invalid-request", "ratePerSecond");
        assertRejected(
                post(path, SALON, "{\"filter\": {}, \"ratePerSecond\": 1001}"),
                400,
                "invalid-request",
                "ratePerSecond");
        assertRejected(
                post(path, SALON, "{\"filter\": {}, \"ratePerSecond\": 2.5}"), 400, "invalid-request", "ratePerSecond");
        assertRejected(
                post(path, SALON, "{\"filter\": {}, \"ratePerSecond\": \"10\"}"),
                400,
                "invalid-request",
                "ratePerSecond");
        assertRejected(post(path, SALON, "{\"ratePerSecond\": 10}"), 400, "invalid-request", "filter");
        assertRejected(post(path, SALON, "{\"filter\": \"sms.send\"}"), 400, "invalid-request", "filter");
        assertRejected(
                post(path, SALON, "{\"filter\": {\"priority\": \"urgent\", \"from\": \"2026-11-24\", \"type\": 5}}"),
                400,
                "invalid-request",
                "filter.priority",
                "filter.from",
                "filter.type");
        assertRejected(post(path, SALON, "{\"filter\": {\"type\": \"\"}}"), 400, "invalid-request", "filter.type");
        assertRejected(
                post(path, SALON, "{\"filter\": {\"errorclass\": \"GatewayDown\"}}"),
                400,
                "invalid-request",
                "filter.errorclass");
        assertRejected(
                post(path, SALON, "{\"filter\": {\"producer\": \"clinic\"}}"),
                400,
                "invalid-request",
                "filter.producer");
        assertRejected(post(path, SALON, "{\"filter\": {}, \"rate\": 5}"), 400, "invalid-request", "rate");
        assertRejected(post(path, SALON, "{\"filter\": {}"), 400, "invalid-request", "body");
        assertRejected(post(path, SALON, ""), 400, "invalid-request", "body");
        assertRejected(post(path, SALON, "[]"), 400, "invalid-request", "body");
        assertRejected(
                post(path, SALON, "text/plain", BodyPublishers.ofString("{\"filter\": {}}")),
                415,
                "unsupported-media-type");
    }

    @Test
    void badReplayBodiesAreNamed() {
        String path = "/api/v1/dead-letters/" + deadLetter + "/replay";
        assertRejected(post(path, SALON, "{\"payload\": {\"to\": 12}"), 400, "invalid-request", "body");
        assertRejected(post(path, SALON, "[\"payload\"]"), 400, "invalid-request", "body");
        assertRejected(post(path, SALON, "{\"payload\": {}, \"payload\": {}}"), 400, "invalid-request", "body");
        assertRejected(
                post(path, SALON, "text/plain", BodyPublishers.ofString("{\"payload\": {}}")),
                415,
                "unsupported-media-type");
        assertRejected(
                post(
                        path,
                        SALON,
                        "{\"payload\": {\"to\": \"+14155550123\", \"text\": \"" + "x".repeat(70_000) + "\"}}"),
                413,
                "payload-too-large");
    }

    @Test
    void everyEndpointNeedsAKey() {
        assertRejected(get("/api/v1/dead-letters", null), 401, "unauthorized");
        assertRejected(get("/api/v1/dead-letters/" + deadLetter, null), 401, "unauthorized");
        assertRejected(postWithoutBody("/api/v1/dead-letters/" + deadLetter + "/replay", null), 401, "unauthorized");
        assertRejected(post("/api/v1/dead-letters/replay", null, "{\"filter\": {}}"), 401, "unauthorized");
        assertRejected(delete("/api/v1/dead-letters/" + deadLetter, null), 401, "unauthorized");
    }
}
