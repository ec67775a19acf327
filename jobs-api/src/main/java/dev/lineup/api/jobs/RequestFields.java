package dev.lineup.api.jobs;

import dev.lineup.core.job.FieldError;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules for a job request's plain fields, each read by hand so that every problem is named:
 * a value that breaks a rule adds a {@link FieldError} and reads as null.
 */
final class RequestFields {

    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    static final int MAX_KEY_LENGTH = 200;
    static final int MAX_TAGS = 10;
    static final int MAX_TAG_LENGTH = 100;
    static final int MAX_ATTEMPTS = 100;
    static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private RequestFields() {}

    /** Optional fields may be left out or sent as null. */
    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** An ISO-8601 instant with an offset, such as {@code runAt} or {@code expiresAt}. */
    /** The instants a job may name: well inside what PostgreSQL's timestamps and JobRunr's columns hold. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    static Instant instant(JsonNode node, String field, List<FieldError> errors) {
        if (absent(node)) return null;
        String text = node.isString() ? node.stringValue() : node.toString();
        try {
            Instant instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                errors.add(new FieldError(field, "must be between " + EARLIEST + " and " + LATEST));
                return null;
            }
            return instant;
        } catch (DateTimeParseException notWithOffset) {
            errors.add(
                    new FieldError(
                            field,
                            isLocal(text)
                                    ? "needs a time zone offset, e.g. 2026-11-24T09:00:00Z or 2026-11-24T10:00:00+01:00"
                                    : "must be an ISO-8601 instant with an offset, e.g. 2026-11-24T09:00:00Z or 2026-11-24T10:00:00+01:00"));
            return null;
        }
    }

    private static boolean isLocal(String text) {
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static String idempotencyKey(JsonNode node, List<FieldError> errors) {
        if (absent(node)) return null;
        if (!node.isString()) {
            errors.add(new FieldError("idempotencyKey", "must be a string"));
            return null;
        }
        String key = node.stringValue();
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            errors.add(new FieldError(
                    "idempotencyKey", "must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters long"));
            return null;
        }
        if (key.codePoints().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("idempotencyKey", "must not contain control characters"));
            return null;
        }
        return key;
    }

    /** A business key, e.g. {@code booking-8812:reminder-24h}. */
    static String key(JsonNode node, List<FieldError> errors) {
        if (absent(node)) return null;
        if (!node.isString()) {
            errors.add(new FieldError("key", "must be a string"));
            return null;
        }
        Optional<String> problem = keyProblem(node.stringValue());
        problem.ifPresent(message -> errors.add(new FieldError("key", message)));
        return problem.isEmpty() ? node.stringValue() : null;
    }

    /** What is wrong with a business key, if anything: the rule the body and the by-key paths share. */
    static Optional<String> keyProblem(String key) {
        return textProblem(key, MAX_KEY_LENGTH);
    }

    /** What is wrong with a tag, if anything: the rule the body and {@code ?tag=} share. */
    static Optional<String> tagProblem(String tag) {
        return textProblem(tag, MAX_TAG_LENGTH);
    }

    private static Optional<String> textProblem(String text, int maxLength) {
        if (text.isEmpty() || text.length() > maxLength)
            return Optional.of("must be 1 to " + maxLength + " characters long");
        if (text.isBlank()) return Optional.of("must not be blank");
        if (text.codePoints().anyMatch(Character::isISOControl))
            return Optional.of("must not contain control characters");
        return Optional.empty();
    }

    /** Up to ten tags, e.g. {@code ["booking:8812"]}; a repeated tag counts once. */
    static List<String> tags(JsonNode node, List<FieldError> errors) {
        if (absent(node)) return List.of();
        if (!node.isArray()) {
            errors.add(new FieldError("tags", "must be an array of strings"));
            return List.of();
        }
        if (node.size() > MAX_TAGS) {
            errors.add(new FieldError("tags", "must hold at most " + MAX_TAGS + " tags, not " + node.size()));
            return List.of();
        }
        List<String> tags = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            String field = "tags[" + i + "]";
            if (!tag.isString()) {
                errors.add(new FieldError(field, "must be a string"));
                continue;
            }
            tagProblem(tag.stringValue())
                    .ifPresentOrElse(
                            message -> errors.add(new FieldError(field, message)), () -> tags.add(tag.stringValue()));
        }
        return tags;
    }

    static boolean replace(JsonNode node, List<FieldError> errors) {
        if (absent(node)) return false;
        if (!node.isBoolean()) {
            errors.add(new FieldError("replace", "must be true or false"));
            return false;
        }
        return node.booleanValue();
    }

    static Integer maxAttempts(JsonNode node, List<FieldError> errors) {
        if (absent(node)) return null;
        if (!node.isIntegralNumber()
                || !node.canConvertToInt()
                || node.intValue() < 1
                || node.intValue() > MAX_ATTEMPTS) {
            errors.add(new FieldError("maxAttempts", "must be a whole number from 1 to " + MAX_ATTEMPTS));
            return null;
        }
        return node.intValue();
    }

    static Duration timeout(JsonNode node, List<FieldError> errors) {
        if (absent(node)) return null;
        Duration timeout = null;
        if (node.isString()) {
            try {
                timeout = Duration.parse(node.stringValue());
            } catch (DateTimeParseException e) {
                // named below
            }
        }
        if (timeout == null || timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            errors.add(new FieldError("timeout", "must be an ISO-8601 duration from PT1S to PT1H, e.g. PT30S"));
            return null;
        }
        return timeout;
    }
}
