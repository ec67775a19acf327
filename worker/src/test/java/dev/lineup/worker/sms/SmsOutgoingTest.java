package dev.lineup.worker.sms;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.TestWorkerProperties;
import dev.lineup.worker.delivery.Channel;
import dev.lineup.worker.delivery.Outgoing;
import dev.lineup.worker.producer.ProducerDefaults;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** Who an SMS goes out as and which zone its quiet hours follow. */
class SmsOutgoingTest {

    private static final String SERVICE = "MG0123456789abcdef0123456789abcdef";

    private final ProducerDefaults producers = new ProducerDefaults(
            "", "salon-bella=" + SERVICE + ";barber-joe=+14155550111", "salon-bella=Europe/Berlin");

    private final SendSmsHandler handler = new SendSmsHandler(
            new FixedGateway(),
            null,
            producers,
            TestWorkerProperties.load("lineup.worker.sms.default-time-zone=America/New_York"));

    private static RunContext runFor(String producer) {
        return new RunContext(JobIds.random(), producer, Priority.NORMAL, 1);
    }

    @Test
    void theProducersSenderWinsOverTheProvidersDefault() {
        assertThat(handler.outgoing(new SendSms("+14155550123", "hi"), runFor("salon-bella"))
                        .sender())
                .isEqualTo(SERVICE);
        assertThat(handler.outgoing(new SendSms("+14155550123", "hi"), runFor("barber-joe"))
                        .sender())
                .isEqualTo("+14155550111");
        assertThat(handler.outgoing(new SendSms("+14155550123", "hi"), runFor("other-app"))
                        .sender())
                .isEqualTo("+14155550100");
    }

    @Test
    void theJobsZoneWinsThenTheProducersThenTheDefault() {
        assertThat(handler.outgoing(new SendSms("+14155550123", "hi", "Asia/Tokyo"), runFor("salon-bella"))
                        .recipientZone())
                .isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(handler.outgoing(new SendSms("+14155550123", "hi"), runFor("salon-bella"))
                        .recipientZone())
                .isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(handler.outgoing(new SendSms("+14155550123", "hi"), runFor("other-app"))
                        .recipientZone())
                .isEqualTo(ZoneId.of("America/New_York"));
    }

    @Test
    void theMessageIsAnSmsToTheJobsRecipientThroughTheConfiguredProvider() {
        Outgoing outgoing = handler.outgoing(new SendSms("+14155550123", "hi"), runFor("other-app"));

        assertThat(outgoing.channel()).isEqualTo(Channel.SMS);
        assertThat(outgoing.provider()).isEqualTo("twilio");
        assertThat(outgoing.recipient()).isEqualTo("+14155550123");
    }

    @Test
    void quietHoursFollowUtcUnlessConfigured() {
        assertThat(TestWorkerProperties.load().sms().defaultTimeZone()).isEqualTo(ZoneId.of("UTC"));
    }

    /** A gateway that only names itself; these tests never send. */
    private static final class FixedGateway implements SmsGateway {

        @Override
        public String provider() {
            return "twilio";
        }

        @Override
        public String defaultSender() {
            return "+14155550100";
        }

        @Override
        public String send(SmsMessage message, RunContext run) {
            throw new UnsupportedOperationException("not sent in these tests");
        }

        @Override
        public java.util.Optional<String> sentSince(SmsMessage message, RunContext run, java.time.Instant since) {
            throw new UnsupportedOperationException("not asked in these tests");
        }
    }
}
