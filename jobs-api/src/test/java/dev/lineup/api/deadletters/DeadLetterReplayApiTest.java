package dev.lineup.api.deadletters;

import dev.lineup.core.catalog.Examples;
import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobLabels;
import dev.lineup.core.job.Priority;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.ScheduledState;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A replay is a new job linked both ways to its dead letter, which stays failed. */
class DeadLetterReplayApiTest extends DeadLetterTestSupport {

    private static UUID id(JsonNode node) {
        return UUID.fromString(node.path("id").asString());
    }

    @Test
    void aCorrectedPayloadIsReplayedAsANewJobLinkedBothWays() {
        UUID original = fixtures.deadLetter(
                "salon",
                new SendSms("+1415555012", "Your code is 481516"),
                Priority.CRITICAL,
                T0,
                3,
                attempt -> new IllegalArgumentException("not a phone number"));

        Response response = post("/api/v1/dead-letters/" + original + "/replay", SALON, """
                {"payload": {"to": "+14155550123", "text": "Your code is 481516"}}""");

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        JsonNode answer = response.json();
        UUID replay = id(answer);
        assertThat(replay).isNotEqualTo(original);
        assertThat(answer.path("replayOf").asString()).isEqualTo(original.toString());
        assertThat(answer.path("replayedBy").asString()).isEqualTo("salon");
        assertThat(answer.path("links").path("job").asString()).isEqualTo("/api/v1/jobs/" + replay);
        assertThat(answer.path("links").path("replay").asString()).isEqualTo("/api/v1/dead-letters/" + replay);
        assertThat(answer.path("links").path("original").asString()).isEqualTo("/api/v1/dead-letters/" + original);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/dead-letters/" + replay);

        Job job = storage.getJobById(replay);
        assertThat(job.getJobDetails().getJobParameters().get(0).getObject())
                .isEqualTo(new SendSms("+14155550123", "Your code is 481516"));
        assertThat(JobLabels.parse(job.getLabels())).isEqualTo(new JobLabels("sms.send", Priority.CRITICAL, "salon"));
        assertThat(job.getAmountOfRetries())
                .isEqualTo(storage.getJobById(original).getAmountOfRetries());
        assertThat(state(replay)).isEqualTo("ENQUEUED");
        assertThat(state(original)).isEqualTo("FAILED");
        assertThat(get("/api/v1/jobs/" + replay, SALON)
                        .json()
                        .path("payload")
                        .path("to")
                        .asString())
                .isEqualTo("+14155550123");

        JsonNode replays =
                assertOk(get("/api/v1/dead-letters/" + original, SALON)).path("replays");
        assertThat(replays).hasSize(1);
        assertThat(replays.get(0).path("id").asString()).isEqualTo(replay.toString());
        assertThat(replays.get(0).path("replayedBy").asString()).isEqualTo("salon");
        assertThat(replays.get(0).path("replayedAt").asString())
                .isEqualTo(answer.path("replayedAt").asString());
        JsonNode replayOf =
                assertOk(get("/api/v1/dead-letters/" + replay, SALON)).path("replayOf");
        assertThat(replayOf.path("id").asString()).isEqualTo(original.toString());
        assertThat(replayOf.path("replayedBy").asString()).isEqualTo("salon");
        assertThat(replayOf.path("links").path("self").asString()).isEqualTo("/api/v1/dead-letters/" + original);
    }

    @Test
    void withoutABodyTheStoredPayloadIsReplayed() {
        UUID original = fixtures.deadLetter("salon", Examples.webhook("https://salon.example/cleanup"), T0);

        Response response = postWithoutBody("/api/v1/dead-letters/" + original + "/replay", SALON);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        Job replay = storage.getJobById(id(response.json()));
        assertThat(replay.getJobDetails().getJobParameters().get(0).getObject())
                .isEqualTo(Examples.webhook("https://salon.example/cleanup"));
        assertThat(replay.getJobName()).isEqualTo("webhook.call");
        assertThat(post("/api/v1/dead-letters/" + original + "/replay", SALON, "{}")
                        .status())
                .isEqualTo(202);
        assertThat(post("/api/v1/dead-letters/" + original + "/replay", SALON, "{\"payload\": null}")
                        .status())
                .isEqualTo(202);
        assertThat(assertOk(get("/api/v1/dead-letters/" + original, SALON)).path("replays"))
                .hasSize(3);
    }

    @Test
    void anOperatorReplaysAnotherProducersDeadLetterForThatProducer() {
        UUID original = fixtures.deadLetter("clinic", Examples.sms(), T0);

        assertProblem(postWithoutBody("/api/v1/dead-letters/" + original + "/replay", SALON), 404, "not-found");
        Response response = postWithoutBody("/api/v1/dead-letters/" + original + "/replay", OPERATOR);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(response.json().path("replayedBy").asString()).isEqualTo("ops");
        assertThat(JobLabels.parse(storage.getJobById(id(response.json())).getLabels())
                        .producer())
                .isEqualTo("clinic");
    }

    @Test
    void anInvalidCorrectedPayloadIsNamedAndNothingIsStored() {
        UUID original = fixtures.deadLetter("salon", Examples.sms(), T0);
        long rows = jobRows();

        assertProblem(
                post("/api/v1/dead-letters/" + original + "/replay", SALON, """
                {"payload": {"to": "0612", "text": ""}}"""),
                400,
                "invalid-request",
                "payload.to",
                "payload.text");
        assertProblem(
                post("/api/v1/dead-letters/" + original + "/replay", SALON, """
                {"payload": {"to": "+14155550123", "txt": "hi"}}"""),
                400,
                "invalid-request",
                "payload.txt");
        assertProblem(
                post("/api/v1/dead-letters/" + original + "/replay", SALON, """
                {"payload": "+14155550123"}"""), 400, "invalid-request", "payload");
        assertProblem(
                post("/api/v1/dead-letters/" + original + "/replay", SALON, """
                {"paylod": {"to": "+14155550123", "text": "hi"}}"""), 400, "invalid-request", "paylod");

        assertThat(jobRows()).isEqualTo(rows);
        assertThat(replayRows()).isZero();
    }

    @Test
    void onlyAFailedJobIsReplayed() {
        UUID running = fixtures.running("salon", Examples.sms());
        UUID original = fixtures.deadLetter("salon", Examples.sms(), T0);
        UUID replay = id(postWithoutBody("/api/v1/dead-letters/" + original + "/replay", SALON)
                .json());
        long rows = jobRows();

        Response refused = postWithoutBody("/api/v1/dead-letters/" + running + "/replay", SALON);

        assertProblem(refused, 409, "conflict");
        assertThat(refused.json().path("detail").asString()).contains("processing", "only failed jobs");
        assertProblem(postWithoutBody("/api/v1/dead-letters/" + replay + "/replay", SALON), 409, "conflict");
        assertThat(jobRows()).isEqualTo(rows);
        assertThat(replayRows()).isEqualTo(1);
    }

    @Test
    void bulkReplayHoldsItsRate() {
        UUID[] originals = new UUID[12];
        for (int i = 0; i < 12; i++)
            originals[i] = fixtures.deadLetter("salon", Examples.sms(), T0.plusSeconds(60L * i));
        fixtures.deadLetter("salon", Examples.plainEmail(), T0);
        fixtures.deadLetter("clinic", Examples.sms(), T0);

        Response response = post("/api/v1/dead-letters/replay", SALON, """
                {"filter": {"type": "sms.send"}, "ratePerSecond": 5}""");

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        JsonNode answer = response.json();
        assertThat(answer.path("replayed").asInt()).isEqualTo(12);
        assertThat(answer.path("ratePerSecond").asInt()).isEqualTo(5);
        assertThat(answer.path("alreadyReplayed").asLong()).isZero();
        assertThat(answer.path("remaining").asLong()).isZero();
        assertThat(answer.path("note").isNull()).isTrue();
        assertThat(replayRows()).isEqualTo(12);

        // job i (oldest failure first) is due at start + i * 200 ms: the start is the last one's time less 11 steps
        Duration step = Duration.ofMillis(200);
        Instant start = Instant.parse(answer.path("lastRunAt").asString()).minus(step.multipliedBy(11));
        int dueAtOnce = 0;
        for (int i = 0; i < 12; i++) {
            UUID replay = jdbc.sql(
                            "select replay_id from lineup_replays where original_id = ? and replayed_by = 'salon'")
                    .param(originals[i])
                    .query(UUID.class)
                    .single();
            Job job = storage.getJobById(replay);
            Instant dueAt = start.plus(step.multipliedBy(i));
            if (job.getJobState() instanceof ScheduledState scheduled) {
                assertThat(scheduled.getScheduledAt()).as("replay %d", i).isEqualTo(dueAt);
            } else {
                // due before it was stored, so the Enqueuer enqueued it at once: only ever the first ones
                assertThat(state(replay)).isEqualTo("ENQUEUED");
                assertThat(i).as("replay %d was due at once", i).isEqualTo(dueAtOnce++);
            }
        }
        assertThat(dueAtOnce).as("replays due at once").isLessThanOrEqualTo(5);
        assertThat(state(originals[0])).isEqualTo("FAILED");
    }

    @Test
    void bulkReplayTakesTheFilterAndTheCallersScopeAndNeverReplaysTwice() {
        UUID salonSms = fixtures.deadLetter("salon", Examples.sms(), T0);
        UUID salonEmail = fixtures.deadLetter("salon", Examples.plainEmail(), T0);
        UUID clinicSms = fixtures.deadLetter("clinic", Examples.sms(), T0);

        JsonNode first = post("/api/v1/dead-letters/replay", SALON, "{\"filter\": {\"type\": \"sms.send\"}}")
                .json();
        JsonNode again = post("/api/v1/dead-letters/replay", SALON, "{\"filter\": {\"type\": \"sms.send\"}}")
                .json();
        JsonNode everything = post("/api/v1/dead-letters/replay", OPERATOR, "{\"filter\": {}, \"ratePerSecond\": 1000}")
                .json();

        assertThat(first.path("replayed").asInt()).isEqualTo(1);
        assertThat(first.path("ratePerSecond").asInt()).as("the default rate").isEqualTo(10);
        assertThat(again.path("replayed").asInt()).isZero();
        assertThat(again.path("alreadyReplayed").asLong()).isEqualTo(1);
        assertThat(again.path("lastRunAt").isNull()).isTrue();
        assertThat(everything.path("replayed").asInt()).isEqualTo(2);
        assertThat(everything.path("alreadyReplayed").asLong()).isEqualTo(1);
        assertThat(jdbc.sql("select original_id, replayed_by from lineup_replays order by replayed_by, original_id")
                        .query((rs, row) -> rs.getString(1) + " by " + rs.getString(2))
                        .list())
                .containsExactlyInAnyOrder(salonSms + " by salon", salonEmail + " by ops", clinicSms + " by ops");
    }
}
