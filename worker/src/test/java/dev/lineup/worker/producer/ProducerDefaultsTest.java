package dev.lineup.worker.producer;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The producer=value lists an operator writes, and the errors a wrong one gets. */
class ProducerDefaultsTest {

    @Test
    void readsEachProducersSettings() {
        var defaults = new ProducerDefaults(
                "salon-bella=Salon Bella <hi@bella.example>; barber-joe=Joe <joe@barber.example>;",
                "salon-bella=+14155550100;barber-joe=MG0123456789abcdef0123456789abcdef",
                "salon-bella=Europe/Berlin");

        assertThat(defaults.emailFrom("barber-joe")).contains("Joe <joe@barber.example>");
        assertThat(defaults.smsFrom("salon-bella")).contains("+14155550100");
        assertThat(defaults.smsFrom("barber-joe")).contains("MG0123456789abcdef0123456789abcdef");
        assertThat(defaults.timeZone("salon-bella")).contains(ZoneId.of("Europe/Berlin"));
        assertThat(defaults.timeZone("barber-joe")).isEmpty();
        assertThat(new ProducerDefaults("", null, " ").smsFrom("salon-bella")).isEmpty();
    }

    @Test
    void aWrongEntryNamesItsVariableAndProducer() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ProducerDefaults("", "salon-bella=4155550100", ""))
                .withMessageStartingWith(
                        "LINEUP_PRODUCER_SMS_FROM: salon-bella=4155550100: an SMS sender is an E.164 number");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ProducerDefaults("", "", "salon-bella=+02:00"))
                .withMessage(
                        "LINEUP_PRODUCER_TIME_ZONE: salon-bella=+02:00: use a region time zone such as Europe/Berlin");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ProducerDefaults("", "", "salon-bella=Europe/Atlantis"))
                .withMessageStartingWith("LINEUP_PRODUCER_TIME_ZONE: salon-bella=Europe/Atlantis");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ProducerDefaults("", "", "salon-bella"))
                .withMessage(
                        "LINEUP_PRODUCER_TIME_ZONE: 'salon-bella' is not producer=value; separate producers with ';'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ProducerDefaults("", "a=+14155550100;a=+14155550101", ""))
                .withMessage("LINEUP_PRODUCER_SMS_FROM: producer 'a' is listed twice");
    }
}
