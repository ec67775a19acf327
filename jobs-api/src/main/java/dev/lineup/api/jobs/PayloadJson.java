package dev.lineup.api.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.lineup.core.catalog.LineupJob;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A job's record as the producer wrote it: without JobRunr's handler class, which is plumbing. */
@Component
class PayloadJson {

    /** {@code getJobRequestHandler()} of JobRunr's {@code JobRequest} would otherwise show as a field. */
    @JsonIgnoreProperties("jobRequestHandler")
    private interface WithoutHandler {
    }

    private final JsonMapper mapper;

    PayloadJson(JsonMapper jsonMapper) {
        this.mapper = jsonMapper.rebuild().addMixIn(LineupJob.class, WithoutHandler.class).build();
    }

    JsonNode of(Object payload) {
        return payload == null ? null : mapper.valueToTree(payload);
    }
}
