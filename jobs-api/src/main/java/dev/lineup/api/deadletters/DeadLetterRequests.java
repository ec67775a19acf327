package dev.lineup.api.deadletters;

import dev.lineup.api.auth.Producer;
import dev.lineup.api.problem.ApiProblem;
import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.JobType;
import dev.lineup.core.catalog.PayloadReader;
import dev.lineup.core.job.FieldError;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.LineupJob;
import dev.lineup.engine.deadletter.DeadLetterActions;
import dev.lineup.engine.deadletter.DeadLetterFilter;
import org.jobrunr.jobs.Job;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads what the dead-letter endpoints are asked, checking every field by hand so a bad request
 * is answered once with all its problems, each named. The caller's scope is applied here: a
 * producer's filter always names itself; only an operator may name another producer or none.
 */
@Component
class DeadLetterRequests {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 200;
    static final int DEFAULT_RATE = 10;
    private static final List<String> FILTER_FIELDS =
            List.of("type", "priority", "producer", "errorClass", "from", "to");
    private static final Set<String> LIST_PARAMETERS =
            Stream.concat(FILTER_FIELDS.stream(), Stream.of("page", "size")).collect(Collectors.toUnmodifiableSet());
    private static final Pattern PRODUCER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final int MAX_CLASS_NAME = 500;
    private static final String INSTANT_EXAMPLE = "e.g. 2026-11-24T09:00:00Z or 2026-11-24T10:00:00+01:00";

    private final PayloadReader payloadReader;

    DeadLetterRequests(PayloadReader payloadReader) {
        this.payloadReader = payloadReader;
    }

    record ListQuery(DeadLetterFilter filter, int page, int size) {}

    record BulkReplayRequest(DeadLetterFilter filter, int ratePerSecond) {}

    /** The list's query parameters; an empty one counts as left out. */
    ListQuery list(Producer caller, Map<String, String[]> parameters) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        parameters.forEach((name, given) -> {
            if (!LIST_PARAMETERS.contains(name)) {
                errors.add(new FieldError(
                        name, "unknown parameter; allowed: " + String.join(", ", FILTER_FIELDS) + ", page, size"));
            } else if (given.length > 1) {
                errors.add(new FieldError(name, "is given more than once"));
            } else if (!given[0].isEmpty()) {
                values.put(name, given[0]);
            }
        });
        // a '+' in an offset that was not URL-encoded arrives as a space; no instant has a space
        DeadLetterFilter filter = filter(
                caller,
                name -> name.equals("from") || name.equals("to") ? plus(values.get(name)) : values.get(name),
                "",
                errors);
        int page = wholeNumber(values.get("page"), "page", 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE, errors);
        int size = wholeNumber(values.get("size"), "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, errors);
        if (!errors.isEmpty())
            throw ApiProblem.invalid("The dead-letter query has invalid parameters.", sorted(errors));
        return new ListQuery(filter, page, size);
    }

    /** {@code {"filter": {...}, "ratePerSecond": 10}}; the filter is required, {@code {}} meaning every dead letter in scope. */
    BulkReplayRequest bulkReplay(Producer caller, JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        unknownFields(body, List.of("filter", "ratePerSecond"), "", errors);
        JsonNode filterNode = body.get("filter");
        DeadLetterFilter filter = null;
        if (filterNode == null || filterNode.isNull()) {
            errors.add(new FieldError("filter", "is required; send {} to replay every dead letter you can see"));
        } else if (!filterNode.isObject()) {
            errors.add(new FieldError("filter", "must be a JSON object"));
        } else {
            unknownFields(filterNode, FILTER_FIELDS, "filter.", errors);
            filter = filter(caller, name -> text(filterNode.get(name), "filter." + name, errors), "filter.", errors);
        }
        int rate = rate(body.get("ratePerSecond"), errors);
        if (!errors.isEmpty())
            throw ApiProblem.invalid("The bulk replay request is invalid; nothing was replayed.", sorted(errors));
        return new BulkReplayRequest(filter, rate);
    }

    /**
     * The corrected payload of {@code {"payload": {...}}}, checked against the dead letter's type;
     * null when there is no body or no payload, which replays the stored one.
     */
    LineupJob correctedPayload(Optional<JsonNode> body, Job original) {
        if (body.isEmpty()) return null;
        List<FieldError> errors = new ArrayList<>();
        unknownFields(body.get(), List.of("payload"), "", errors);
        JsonNode payload = body.get().get("payload");
        LineupJob job = null;
        if (payload != null && !payload.isNull()) {
            Optional<JobType<?>> type = JobCatalog.byName(original.getJobName());
            if (type.isEmpty())
                throw ApiProblem.conflict("The job is not of a Lineup job type, so it cannot be replayed.");
            PayloadReader.Result<?> result = payloadReader.read(type.get(), payload);
            result.errors()
                    .forEach(e -> errors.add(
                            e.field().isEmpty() ? new FieldError("payload", e.message()) : e.prefixed("payload")));
            job = result.job();
        }
        if (!errors.isEmpty())
            throw ApiProblem.invalid("The corrected payload is invalid; nothing was replayed.", errors);
        return job;
    }

    private static DeadLetterFilter filter(
            Producer caller, Function<String, String> value, String prefix, List<FieldError> errors) {
        String type = value.apply("type");
        if (type != null && JobCatalog.byName(type).isEmpty()) {
            errors.add(new FieldError(
                    prefix + "type",
                    "unknown job type '" + type + "'; known types: "
                            + JobCatalog.TYPES.stream().map(JobType::name).collect(Collectors.joining(", "))));
        }
        Priority priority = null;
        String priorityName = value.apply("priority");
        if (priorityName != null) {
            priority = Priority.parse(priorityName).orElse(null);
            if (priority == null) {
                errors.add(new FieldError(
                        prefix + "priority",
                        "must be one of "
                                + Arrays.stream(Priority.values())
                                        .map(Priority::wireName)
                                        .collect(Collectors.joining(", "))));
            }
        }
        String producer = producer(caller, value.apply("producer"), prefix + "producer", errors);
        String errorClass = value.apply("errorClass");
        if (errorClass != null
                && (errorClass.length() > MAX_CLASS_NAME
                        || !CLASS_NAME.matcher(errorClass).matches())) {
            errors.add(
                    new FieldError(
                            prefix + "errorClass",
                            "must be a Java class name, simple (IllegalStateException) or full (java.lang.IllegalStateException)"));
        }
        Instant from = instant(value.apply("from"), prefix + "from", errors);
        Instant to = instant(value.apply("to"), prefix + "to", errors);
        if (from != null && to != null && !to.isAfter(from))
            errors.add(new FieldError(prefix + "to", "must be after from"));
        return new DeadLetterFilter(type, priority, producer, errorClass, from, to);
    }

    /** Whose dead letters: a producer's own, or, for an operator, the one named or everyone's. */
    private static String producer(Producer caller, String requested, String field, List<FieldError> errors) {
        if (requested == null) return caller.operator() ? null : caller.name();
        if (caller.operator()) {
            if (!PRODUCER_NAME.matcher(requested).matches()) {
                errors.add(new FieldError(
                        field, "must be a producer name: 1 to 32 lowercase letters, digits, '-' or '_'"));
            }
            return requested;
        }
        if (!requested.equals(caller.name())) {
            errors.add(new FieldError(
                    field, "only operator keys can see other producers' dead letters; leave it out to see yours"));
        }
        return caller.name();
    }

    private static Instant instant(String text, String field, List<FieldError> errors) {
        if (text == null) return null;
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 instant with an offset, " + INSTANT_EXAMPLE));
            return null;
        }
    }

    private static int wholeNumber(String text, String field, int absent, int min, int max, List<FieldError> errors) {
        if (text == null) return absent;
        try {
            int number = Integer.parseInt(text);
            if (number >= min && number <= max) return number;
        } catch (NumberFormatException notANumber) {
            // said below, with the range
        }
        errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max));
        return absent;
    }

    private static int rate(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) return DEFAULT_RATE;
        if (node.isIntegralNumber()
                && node.canConvertToInt()
                && node.asInt() >= 1
                && node.asInt() <= DeadLetterActions.MAX_RATE) {
            return node.asInt();
        }
        errors.add(new FieldError(
                "ratePerSecond", "must be a whole number of jobs per second from 1 to " + DeadLetterActions.MAX_RATE));
        return DEFAULT_RATE;
    }

    /** A filter value from JSON: a non-empty string, or left out (or null) to match anything. */
    private static String text(JsonNode node, String field, List<FieldError> errors) {
        if (node == null || node.isNull()) return null;
        if (!node.isString() || node.stringValue().isEmpty()) {
            errors.add(new FieldError(field, "must be a non-empty string; leave it out to match anything"));
            return null;
        }
        return node.stringValue();
    }

    private static String plus(String text) {
        return text == null ? null : text.replace(' ', '+');
    }

    private static void unknownFields(JsonNode object, List<String> known, String prefix, List<FieldError> errors) {
        object.propertyNames().stream()
                .filter(name -> !known.contains(name))
                .sorted()
                .forEach(name -> errors.add(
                        new FieldError(prefix + name, "unknown field; allowed: " + String.join(", ", known))));
    }

    private static List<FieldError> sorted(List<FieldError> errors) {
        return errors.stream().sorted((a, b) -> a.field().compareTo(b.field())).toList();
    }
}
