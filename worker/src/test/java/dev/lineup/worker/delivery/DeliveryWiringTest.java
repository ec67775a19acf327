package dev.lineup.worker.delivery;

import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.WorkerTest;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker wires the delivery rules from its shipped defaults and shows them in /actuator/prometheus. */
@WorkerTest
class DeliveryWiringTest {

    @Autowired
    Deliveries deliveries;

    @Autowired
    PrometheusMeterRegistry prometheus;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SendLedgerJanitor janitor;

    @Test
    void aDeliveryIsLedgeredAndMetered() throws Exception {
        var message =
                new Outgoing(Channel.SMS, "sandbox", "+14155550100", "+4915199990001", ZoneId.of("Europe/Berlin"));
        var run = new RunContext(JobIds.random(), "salon-app", Priority.HIGH, 1);

        assertThat(deliveries.deliver(message, run, () -> "sandbox-1")).contains("sandbox-1");

        assertThat(jdbc.sql("select state from lineup_send_ledger where job_id = ?")
                        .param(run.jobId())
                        .query(String.class)
                        .single())
                .isEqualTo("sent");
        assertThat(prometheus.scrape())
                .contains("lineup_deliveries_total{channel=\"sms\",outcome=\"sent\",provider=\"sandbox\"}")
                .contains(
                        "resilience4j_circuitbreaker_state{channel=\"sms\",name=\"sms.sandbox\",provider=\"sandbox\",state=\"closed\"} 1.0")
                .contains(
                        "resilience4j_circuitbreaker_calls_seconds_count{channel=\"sms\",kind=\"successful\",name=\"sms.sandbox\",provider=\"sandbox\"}")
                .contains(
                        "resilience4j_retry_calls_total{channel=\"sms\",kind=\"successful_without_retry\",name=\"sms.sandbox\",provider=\"sandbox\"}");
    }

    @Test
    void theLedgerIsPrunedWhileTheWorkerRuns() {
        assertThat(janitor.isRunning()).isTrue();
        assertThat(janitor.prune()).isGreaterThanOrEqualTo(0);
    }
}
