package dev.lineup.api.sandbox;

import dev.lineup.api.auth.Producer;
import dev.lineup.api.problem.ApiProblem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What the sandbox email and SMS providers would have sent for the caller's jobs, so a producer
 * can test its integration end to end without real messages.
 */
@RestController
class SandboxApiController {

    private static final int MAX_LIMIT = 500;

    private final JdbcClient jdbc;

    SandboxApiController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Message(
            long id, UUID jobId, String channel, String recipient, String subject, String body, Instant createdAt) {}

    record Messages(List<Message> messages) {}

    /**
     * {@code GET /api/v1/sandbox/messages?jobId=&limit=50}: the caller's sandbox messages, newest
     * first; only those of one job when {@code jobId} is given. {@code limit} is 1 to 500.
     */
    @GetMapping("/api/v1/sandbox/messages")
    Messages list(
            Producer producer,
            @RequestParam(required = false) UUID jobId,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) throw ApiProblem.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        String sql = "select id, job_id, channel, recipient, subject, body, created_at from lineup_sandbox_messages"
                + " where producer = :producer" + (jobId == null ? "" : " and job_id = :jobId")
                + " order by created_at desc, id desc limit :limit";
        var statement = jdbc.sql(sql).param("producer", producer.name()).param("limit", limit);
        if (jobId != null) statement = statement.param("jobId", jobId);
        List<Message> messages = statement
                .query((rs, row) -> new Message(
                        rs.getLong("id"),
                        rs.getObject("job_id", UUID.class),
                        rs.getString("channel"),
                        rs.getString("recipient"),
                        rs.getString("subject"),
                        rs.getString("body"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
        return new Messages(messages);
    }
}
