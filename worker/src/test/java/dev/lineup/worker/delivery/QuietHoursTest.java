package dev.lineup.worker.delivery;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Quiet hours are read on the recipient's own clock, across midnight and DST changes. */
class QuietHoursTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final QuietHours NIGHT = QuietHours.parse("21:00-08:00").orElseThrow();

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    @Test
    void lateEveningWaitsForEightNextMorning() {
        assertThat(NIGHT.nextAllowed(berlin("2026-06-10T23:00"), BERLIN))
                .contains(Instant.parse("2026-06-11T06:00:00Z"));
        assertThat(NIGHT.nextAllowed(berlin("2026-06-10T21:00"), BERLIN)).contains(berlin("2026-06-11T08:00"));
    }

    @Test
    void earlyMorningWaitsForEightTheSameDay() {
        assertThat(NIGHT.nextAllowed(berlin("2026-06-11T07:59:30"), BERLIN)).contains(berlin("2026-06-11T08:00"));
        assertThat(NIGHT.nextAllowed(berlin("2026-06-11T00:00"), BERLIN)).contains(berlin("2026-06-11T08:00"));
    }

    @Test
    void theDayIsNotQuiet() {
        assertThat(NIGHT.nextAllowed(berlin("2026-06-11T08:00"), BERLIN)).isEmpty();
        assertThat(NIGHT.nextAllowed(berlin("2026-06-11T20:59:59"), BERLIN)).isEmpty();
    }

    @Test
    void theSameInstantIsQuietInOneZoneAndNotInAnother() {
        Instant instant = Instant.parse("2026-06-10T21:30:00Z"); // 23:30 in Berlin, 14:30 in Los Angeles
        assertThat(NIGHT.nextAllowed(instant, BERLIN)).isPresent();
        assertThat(NIGHT.nextAllowed(instant, ZoneId.of("America/Los_Angeles"))).isEmpty();
    }

    @Test
    void aWindowWithinOneDay() {
        QuietHours lunch = QuietHours.parse("12:00-14:00").orElseThrow();
        assertThat(lunch.nextAllowed(berlin("2026-06-10T11:59"), BERLIN)).isEmpty();
        assertThat(lunch.nextAllowed(berlin("2026-06-10T12:00"), BERLIN)).contains(berlin("2026-06-10T14:00"));
        assertThat(lunch.nextAllowed(berlin("2026-06-10T13:15"), BERLIN)).contains(berlin("2026-06-10T14:00"));
        assertThat(lunch.nextAllowed(berlin("2026-06-10T14:00"), BERLIN)).isEmpty();
    }

    @Test
    void theNightTheClocksGoForwardEndsAtEightLocalTime() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST; 08:00 that morning is 06:00 UTC, not 07:00
        assertThat(NIGHT.nextAllowed(berlin("2026-03-28T23:00"), BERLIN))
                .contains(Instant.parse("2026-03-29T06:00:00Z"));
    }

    @Test
    void theNightTheClocksGoBackEndsAtEightLocalTime() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET; 08:00 that morning is 07:00 UTC
        assertThat(NIGHT.nextAllowed(berlin("2026-10-24T23:00"), BERLIN))
                .contains(Instant.parse("2026-10-25T07:00:00Z"));
    }

    @Test
    void anEndTheClocksSkipIsReachedWhenTheGapEnds() {
        // 02:30 does not exist on 2026-03-29 in Berlin; at 03:00 CEST (01:00 UTC) it has passed
        QuietHours untilHalfPastTwo = QuietHours.parse("22:00-02:30").orElseThrow();
        assertThat(untilHalfPastTwo.nextAllowed(berlin("2026-03-29T01:00"), BERLIN))
                .contains(Instant.parse("2026-03-29T01:00:00Z"));
    }

    @Test
    void offMeansNone() {
        assertThat(QuietHours.parse("off")).isEmpty();
    }

    @Test
    void aWindowOfNoLengthIsRefused() {
        assertThatThrownBy(() -> QuietHours.parse("08:00-08:00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReasonNamesTheWindowAndTheZone() {
        assertThat(NIGHT.describe(BERLIN)).isEqualTo("quiet hours 21:00–08:00 in Europe/Berlin");
    }
}
