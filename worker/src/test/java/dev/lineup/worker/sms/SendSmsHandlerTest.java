package dev.lineup.worker.sms;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.WorkerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox SMS provider, as the worker wires it by default. */
@WorkerTest
class SendSmsHandlerTest {

    @Autowired
    SendSmsHandler handler;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aJobThatRunsTwiceRecordsItsMessageOnce() throws Exception {
        var run = new RunContext(JobIds.random(), "salon-app", Priority.HIGH, 1);
        var retry = new RunContext(run.jobId(), "salon-app", Priority.HIGH, 2);

        handler.handle(new SendSms("+14155550123", "Your code is 481516"), run);
        handler.handle(new SendSms("+14155550123", "Your code is 481516"), retry);

        assertThat(jdbc.sql(
                                "select channel, producer, recipient, subject, body from lineup_sandbox_messages where job_id = ?")
                        .param(run.jobId())
                        .query()
                        .listOfRows())
                .singleElement()
                .satisfies(row -> assertThat(row)
                        .containsEntry("channel", "sms")
                        .containsEntry("producer", "salon-app")
                        .containsEntry("recipient", "+14155550123")
                        .containsEntry("subject", null)
                        .containsEntry("body", "Your code is 481516"));
    }
}
