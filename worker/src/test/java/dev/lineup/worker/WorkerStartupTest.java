package dev.lineup.worker;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad configuration stops the worker at startup with a message that says how to fix it. */
@Tag("slow") // starts a whole worker per case
class WorkerStartupTest {

    @Test
    void anUnknownEmailProviderNamesTheChoices() {
        assertThat(WorkerStartup.failure("--lineup.worker.email.provider=pigeon"))
                .contains("email.provider")
                .contains("pigeon")
                .contains("must be smtp (send through the server in SPRING_MAIL_HOST) or sandbox");
    }

    @Test
    void smtpWithoutAServerSaysWhichVariableIsMissing() {
        assertThat(WorkerStartup.failure("--lineup.worker.email.provider=smtp"))
                .contains("lineup.worker.email.provider=smtp needs an SMTP server: set SPRING_MAIL_HOST");
    }

    @Test
    void aProducersFromThatIsNotAnAddressNamesTheVariableAndTheProducer() {
        assertThat(
                        WorkerStartup.failure(
                                "--lineup.worker.producers.email-from=salon-bella=Salon Bella <hi@bella.example>;barber-joe=Joe's barbers"))
                .contains(
                        "LINEUP_PRODUCER_EMAIL_FROM: the From of producer 'barber-joe' is not an email address: 'Joe's barbers'")
                .doesNotContain("'salon-bella'");
    }

    @Test
    void aWorkerFromThatIsNotAnAddressNamesTheVariable() {
        assertThat(WorkerStartup.failure("--lineup.worker.email.from=lineup"))
                .contains("lineup.worker.email.from is not an email address: 'lineup'; set LINEUP_EMAIL_FROM");
    }

    @Test
    void anUnknownSmsProviderNamesTheChoices() {
        assertThat(WorkerStartup.failure("--lineup.worker.sms.provider=pigeon"))
                .contains("sms.provider")
                .contains("must be twilio (send through Twilio's Messages API");
    }

    @Test
    void twilioWithoutItsSettingsSaysWhichVariablesAreMissing() {
        assertThat(WorkerStartup.failure("--lineup.worker.sms.provider=twilio"))
                .contains(
                        "lineup.worker.sms.provider=twilio needs LINEUP_TWILIO_ACCOUNT_SID, LINEUP_TWILIO_AUTH_TOKEN, "
                                + "LINEUP_TWILIO_FROM (or LINEUP_TWILIO_MESSAGING_SERVICE_SID)");
    }

    @Test
    void twilioWithoutASenderSaysSo() {
        String failure = WorkerStartup.failure(
                "--lineup.worker.sms.provider=twilio",
                "--lineup.worker.sms.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
                "--lineup.worker.sms.twilio.auth-token=secret-token-never-shown");
        assertThat(failure)
                .contains(
                        "lineup.worker.sms.provider=twilio needs LINEUP_TWILIO_FROM (or LINEUP_TWILIO_MESSAGING_SERVICE_SID)")
                .doesNotContain("secret-token-never-shown");
    }

    @Test
    void malformedTwilioSettingsNameTheirVariables() {
        String failure = WorkerStartup.failure(
                "--lineup.worker.sms.provider=twilio",
                "--lineup.worker.sms.twilio.account-sid=0123456789",
                "--lineup.worker.sms.twilio.auth-token=secret-token-never-shown",
                "--lineup.worker.sms.twilio.from=4155550100");
        assertThat(failure)
                .contains(
                        "must be AC followed by 32 hex digits, as shown in Twilio's console; set LINEUP_TWILIO_ACCOUNT_SID")
                .contains("must be a phone number in E.164 form such as +14155550100; set LINEUP_TWILIO_FROM")
                .doesNotContain("secret-token-never-shown");
    }

    @Test
    void aTwilioBaseUrlThatIsNotHttpIsRefused() {
        assertThat(WorkerStartup.failure(
                        "--lineup.worker.sms.provider=twilio",
                        "--lineup.worker.sms.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
                        "--lineup.worker.sms.twilio.auth-token=secret",
                        "--lineup.worker.sms.twilio.from=+14155550100",
                        "--lineup.worker.sms.twilio.base-url=ftp://gateway.example.com"))
                .contains(
                        "lineup.worker.sms.twilio.base-url must be an http or https URL such as https://api.twilio.com, "
                                + "not 'ftp://gateway.example.com'; set LINEUP_TWILIO_BASE_URL");
    }
}
