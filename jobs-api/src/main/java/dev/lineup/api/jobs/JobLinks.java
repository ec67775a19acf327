package dev.lineup.api.jobs;

import java.util.UUID;

/** Where to find a job. */
record JobLinks(String self) {

    static JobLinks of(UUID id) {
        return new JobLinks("/api/v1/jobs/" + id);
    }
}
