package dev.lineup.worker.delivery;

import dev.lineup.testing.TestDatabase;
import dev.lineup.worker.WorkerApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A bad delivery rule stops the worker at startup, naming the variable to fix. */
class DeliveryStartupTest {

    private static String startupFailure(String... arguments) {
        Throwable thrown = catchThrowable(() -> new SpringApplicationBuilder(WorkerApplication.class)
                .web(WebApplicationType.NONE)
                .initializers(new TestDatabase())
                .run(arguments)
                .close());
        assertThat(thrown).as("the worker should not start").isNotNull();
        return Stream.iterate(thrown, Objects::nonNull, Throwable::getCause).map(String::valueOf).collect(Collectors.joining("\n"));
    }

    @Test
    void badRulesNameTheirVariables() {
        assertThat(startupFailure(
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
        assertThat(startupFailure("--lineup.worker.delivery.sms-quiet-hours=08:00-08:00"))
                .contains("quiet hours must end at another time than they start; fix LINEUP_SMS_QUIET_HOURS");
    }
}
