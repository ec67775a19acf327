package dev.lineup.worker.email;

import dev.lineup.core.catalog.Examples;
import dev.lineup.core.catalog.SendEmail;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.WorkerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code email.send} through delivery into the sandbox, as the worker wires it by default. */
@WorkerTest
class SendEmailHandlerTest {

    @Autowired
    SendEmailHandler handler;

    @Autowired
    EmailGateway gateway;

    @Autowired
    JdbcClient jdbc;

    private static RunContext run() {
        return new RunContext(JobIds.random(), "salon-app", Priority.NORMAL, 1);
    }

    private List<Map<String, Object>> sandboxRows(RunContext run) {
        return jdbc.sql(
                        "select channel, producer, recipient, subject, body from lineup_sandbox_messages where job_id = ?")
                .param(run.jobId())
                .query()
                .listOfRows();
    }

    @Test
    void aTemplatedEmailIsRecordedWithItsTextOnce() throws Exception {
        var run = run();
        var retry = new RunContext(run.jobId(), "salon-app", Priority.NORMAL, 2);

        handler.handle(Examples.templatedEmail(), run);
        handler.handle(Examples.templatedEmail(), retry);

        assertThat(sandboxRows(run)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("channel", "email")
                .containsEntry("producer", "salon-app")
                .containsEntry("recipient", "ada@example.com")
                .containsEntry("subject", "Reminder: your appointment at Fade & Co, Tue 10:30")
                .hasEntrySatisfying("body", body -> assertThat((String) body).startsWith("Hi Ada,")));
    }

    @Test
    void anHtmlOnlyEmailIsRecordedWithItsHtml() throws Exception {
        var run = run();

        handler.handle(new SendEmail("ada@example.com", "Hello", null, null, null, "<p>Hello</p>"), run);

        assertThat(sandboxRows(run)).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("body", "<p>Hello</p>"));
    }

    @Test
    void theSandboxNamesItsMessagesByJob() throws Exception {
        var run = run();

        assertThat(gateway.send(handler.message(Examples.plainEmail(), run), run))
                .isEqualTo("sandbox:" + run.jobId());
    }
}
