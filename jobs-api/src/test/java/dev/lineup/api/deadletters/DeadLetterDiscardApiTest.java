package dev.lineup.api.deadletters;

import dev.lineup.core.catalog.Examples;
import org.jobrunr.jobs.states.DeletedState;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Discarding deletes the job in JobRunr, naming who did it; only a failed job can be discarded. */
class DeadLetterDiscardApiTest extends DeadLetterTestSupport {

    @Test
    void aDiscardedDeadLetterIsDeletedAndNoLongerListed() {
        UUID id = fixtures.deadLetter("salon", Examples.sms(), T0);
        UUID kept = fixtures.deadLetter("salon", Examples.sms(), T0);

        JsonNode discarded = assertOk(delete("/api/v1/dead-letters/" + id, SALON));

        assertThat(discarded.path("state").asString()).isEqualTo("deleted");
        assertThat(discarded.path("history")).hasSize(3);
        assertThat(state(id)).isEqualTo("DELETED");
        assertThat(storage.getJobById(id).<DeletedState>getJobState().getReason())
                .isEqualTo("Discarded by salon");
        assertThat(ids(get("/api/v1/dead-letters", SALON))).isEqualTo(ids(kept));
        // what was discarded can still be read, and not discarded twice
        assertThat(assertOk(get("/api/v1/dead-letters/" + id, SALON))
                        .path("state")
                        .asString())
                .isEqualTo("deleted");
        Response again = delete("/api/v1/dead-letters/" + id, SALON);
        assertProblem(again, 409, "conflict");
        assertThat(again.json().path("detail").asString()).contains("deleted", "only failed jobs");
    }

    @Test
    void aJobThatDidNotFailIsNotDiscarded() {
        UUID running = fixtures.running("salon", Examples.sms());

        assertProblem(delete("/api/v1/dead-letters/" + running, SALON), 409, "conflict");
        assertThat(state(running)).isEqualTo("PROCESSING");
    }

    @Test
    void anotherProducersDeadLetterIsNotFoundButAnOperatorDiscardsIt() {
        UUID id = fixtures.deadLetter("clinic", Examples.sms(), T0);

        assertProblem(delete("/api/v1/dead-letters/" + id, SALON), 404, "not-found");
        assertThat(state(id)).isEqualTo("FAILED");
        assertThat(assertOk(delete("/api/v1/dead-letters/" + id, OPERATOR))
                        .path("state")
                        .asString())
                .isEqualTo("deleted");
        assertThat(storage.getJobById(id).<DeletedState>getJobState().getReason())
                .isEqualTo("Discarded by ops");
    }
}
