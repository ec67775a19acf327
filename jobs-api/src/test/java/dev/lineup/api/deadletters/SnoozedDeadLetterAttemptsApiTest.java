package dev.lineup.api.deadletters;

import dev.lineup.core.catalog.Examples;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job that snoozed before it failed for good: runs that only snoozed are not attempts, and
 * every view of the job — the dead-letter list, the dead letter's detail and the job itself —
 * says so with the same number.
 */
class SnoozedDeadLetterAttemptsApiTest extends DeadLetterTestSupport {

    @Test
    void theListTheDetailAndTheJobCountTheSameAttempts() {
        UUID id = fixtures.snoozedDeadLetter("salon", Examples.sms(), T0, 2, 3);

        JsonNode item =
                assertOk(get("/api/v1/dead-letters", SALON)).path("items").get(0);
        JsonNode detail = assertOk(get("/api/v1/dead-letters/" + id, SALON));
        JsonNode job = assertOk(get("/api/v1/jobs/" + id, SALON));

        assertThat(item.path("id").asString()).isEqualTo(id.toString());
        assertThat(item.path("attempts").asInt()).as("in the list").isEqualTo(3);
        assertThat(detail.path("attempts").asInt()).as("in the detail").isEqualTo(3);
        assertThat(detail.path("history")).as("the detail's history").hasSize(3);
        assertThat(job.path("attempts").asInt()).as("in the job").isEqualTo(3);
    }
}
