package dev.lineup.worker.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/**
 * The hours of a recipient's own day when no normal or low priority SMS reaches them, e.g.
 * 21:00–08:00. The window may cross midnight or not; it is read in the recipient's zone, so a
 * DST change moves it with the recipient's clock.
 *
 * @param start the first quiet minute
 * @param end   the first minute a message may go again
 */
record QuietHours(LocalTime start, LocalTime end) {

    QuietHours {
        if (start.equals(end))
            throw new IllegalArgumentException("quiet hours start and end at the same time: " + start);
    }

    /** {@code 21:00-08:00}, or empty for {@code off}. Checked by {@link DeliveryProperties}'s pattern first. */
    static Optional<QuietHours> parse(String text) {
        if (text.equals("off")) return Optional.empty();
        String[] startEnd = text.split("-", 2);
        return Optional.of(new QuietHours(LocalTime.parse(startEnd[0]), LocalTime.parse(startEnd[1])));
    }

    /** When a message due at {@code now} may go to someone in {@code zone}: empty when now is not quiet. */
    Optional<Instant> nextAllowed(Instant now, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        LocalTime time = local.toLocalTime();
        boolean crossesMidnight = start.isAfter(end);
        boolean quiet = crossesMidnight
                ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
        if (!quiet) return Optional.empty();
        LocalDate endDay =
                crossesMidnight && !time.isBefore(start) ? local.toLocalDate().plusDays(1) : local.toLocalDate();
        return Optional.of(instant(endDay.atTime(end), zone));
    }

    /** What the job's history says, e.g. "quiet hours 21:00–08:00 in Europe/Berlin". */
    String describe(ZoneId zone) {
        return "quiet hours " + start + "–" + end + " in " + zone.getId();
    }

    /**
     * The instant the zone's clocks show {@code local}. When they skip it (a DST gap, e.g.
     * 02:30 on a spring-forward night), the first instant after the gap: the end of the quiet
     * hours has passed by then.
     */
    private static Instant instant(LocalDateTime local, ZoneId zone) {
        ZoneOffsetTransition gap = zone.getRules().getTransition(local);
        if (gap != null && gap.isGap()) return gap.getInstant();
        return local.atZone(zone).toInstant();
    }
}
