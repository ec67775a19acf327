package dev.lineup.worker;

import dev.lineup.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Bad configuration stops the worker at startup with a message that says how to fix it. */
class WorkerStartupTest {

    /** Every message in the failure's chain of causes: what the operator reads in the log. */
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
    void anUnknownEmailProviderNamesTheChoices() {
        assertThat(startupFailure("--lineup.worker.email.provider=pigeon"))
                .contains("email.provider")
                .contains("pigeon")
                .contains("must be smtp (send through the server in SPRING_MAIL_HOST) or sandbox");
    }

    @Test
    void smtpWithoutAServerSaysWhichVariableIsMissing() {
        assertThat(startupFailure("--lineup.worker.email.provider=smtp"))
                .contains("lineup.worker.email.provider=smtp needs an SMTP server: set SPRING_MAIL_HOST");
    }

    @Test
    void aProducersFromThatIsNotAnAddressNamesTheVariableAndTheProducer() {
        assertThat(startupFailure("--lineup.worker.producers.email-from=salon-bella=Salon Bella <hi@bella.example>;barber-joe=Joe's barbers"))
                .contains("LINEUP_PRODUCER_EMAIL_FROM: the From of producer 'barber-joe' is not an email address: 'Joe's barbers'")
                .doesNotContain("'salon-bella'");
    }

    @Test
    void aWorkerFromThatIsNotAnAddressNamesTheVariable() {
        assertThat(startupFailure("--lineup.worker.email.from=lineup"))
                .contains("lineup.worker.email.from is not an email address: 'lineup'; set LINEUP_EMAIL_FROM");
    }

    @Test
    void anSmsProviderOtherThanTheSandboxIsRefused() {
        assertThat(startupFailure("--lineup.worker.sms.provider=twilio"))
                .contains("sms.provider")
                .contains("must be sandbox, the only SMS provider so far (Twilio is not supported yet)");
    }
}
