package dev.lineup.worker.delivery;

import dev.lineup.worker.WorkerStartup;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A bad delivery rule stops the worker at startup, naming the variable to fix. */
class DeliveryStartupTest {

    @Test
    void badRulesNameTheirVariables() {
        assertThat(WorkerStartup.failure(
                        "--lineup.worker.delivery.sms-quiet-hours=9pm-8am",
                        "--lineup.worker.delivery.sms-recipient-cap=3 per 10 minutes",
                        "--lineup.worker.delivery.sms-recipient-cap-action=queue",
                        "--lineup.worker.delivery.breaker.failure-rate=150",
                        "--lineup.worker.delivery.connect-retries=-1"))
                .contains("must be HH:MM-HH:MM (e.g. 21:00-08:00) or off; fix LINEUP_SMS_QUIET_HOURS")
                .contains("fix LINEUP_SMS_RECIPIENT_CAP")
                .contains("fix LINEUP_SMS_RECIPIENT_CAP_ACTION")
                .contains("must be 1 to 100; fix LINEUP_BREAKER_FAILURE_RATE")
                .contains("must be 0 to 10; fix LINEUP_CONNECT_RETRIES");
    }

    @Test
    void quietHoursOfNoLengthAreRefused() {
        assertThat(WorkerStartup.failure("--lineup.worker.delivery.sms-quiet-hours=08:00-08:00"))
                .contains("quiet hours must end at another time than they start; fix LINEUP_SMS_QUIET_HOURS");
    }
}
