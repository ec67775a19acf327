package dev.lineup.engine.deadletter;

import java.util.List;
import java.util.Map;

/**
 * One page of the dead letters a filter matches, newest failure first, with numbers about the
 * whole filtered set rather than the page.
 *
 * @param total        how many dead letters match
 * @param byType       matches per job type, most first
 * @param byErrorClass matches per exception class of the last failure, most first
 */
public record DeadLetterPage(
        List<DeadLetter> items,
        int page,
        int size,
        long total,
        Map<String, Long> byType,
        Map<String, Long> byErrorClass) {}
