package dev.lineup.api.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.lineup.core.run.LineupJob;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobParameter;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * A job's record as the producer wrote it (a webhook body as JSON, not a string), without
 * JobRunr's handler class, which is plumbing, and with credentials redacted.
 */
@Component
public class PayloadJson {

    /** {@code getJobRequestHandler()} of JobRunr's {@code JobRequest} would otherwise show as a field. */
    @JsonIgnoreProperties("jobRequestHandler")
    private interface WithoutHandler {}

    private final JsonMapper mapper;

    PayloadJson(JsonMapper jsonMapper) {
        this.mapper = jsonMapper
                .rebuild()
                .addMixIn(LineupJob.class, WithoutHandler.class)
                .build();
    }

    /** The payload as views show it: secrets it carries redacted ({@link LineupJob#forViews()}). */
    public JsonNode of(Object payload) {
        if (payload == null) return null;
        return mapper.valueToTree(payload instanceof LineupJob job ? job.forViews() : payload);
    }

    /** The job's payload, or null when its stored record can no longer be read. */
    public JsonNode of(Job job) {
        List<JobParameter> parameters = job.getJobDetails().getJobParameters();
        if (parameters.isEmpty() || parameters.get(0).isNotDeserializable()) return null;
        return of(parameters.get(0).getObject());
    }
}
