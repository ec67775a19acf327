package dev.lineup.api.jobs;

import dev.lineup.api.auth.Producer;
import dev.lineup.api.problem.ApiProblem;
import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.JobType;
import dev.lineup.core.catalog.PayloadLimits;
import dev.lineup.core.catalog.PayloadReader;
import dev.lineup.core.job.FieldError;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.LineupJob;
import dev.lineup.engine.enqueue.NewJob;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.lineup.api.jobs.RequestFields.absent;

/**
 * Reads job requests, {@code {type, priority?, payload, runAt?, idempotencyKey?, maxAttempts?,
 * timeout?, expiresAt?, key?, replace?, tags?}}, checking every field by hand so that a bad
 * request is answered once with all its problems, not one per try. The plain fields' rules
 * live in {@link RequestFields}.
 */
@Component
class JobRequestReader {

    static final int MAX_BATCH_JOBS = 1000;
    private static final List<String> FIELD_ORDER = List.of(
            "type",
            "priority",
            "payload",
            "runAt",
            "idempotencyKey",
            "maxAttempts",
            "timeout",
            "expiresAt",
            "key",
            "replace",
            "tags");
    private static final Set<String> FIELDS = Set.copyOf(FIELD_ORDER);
    private static final String FIELD_LIST = String.join(", ", FIELD_ORDER);

    private final PayloadReader payloadReader;

    JobRequestReader(PayloadReader payloadReader) {
        this.payloadReader = payloadReader;
    }

    /** One job from a body, or a 400 naming every bad field. */
    NewJob one(JsonNode body, Producer producer) {
        requireAllowed(body, producer, "type");
        List<FieldError> errors = new ArrayList<>();
        NewJob job = read(body, producer, Long.MAX_VALUE, errors);
        if (!errors.isEmpty()) throw ApiProblem.invalid("The job request has invalid fields.", errors);
        return job;
    }

    /**
     * The jobs of {@code {"jobs": [...]}}, in order, or a 400 naming every bad field of every job
     * as {@code jobs[i].field}. Each payload must fit in {@code maxPayloadBytes} on its own, and
     * a business key may name one job of the batch only.
     */
    List<NewJob> batch(JsonNode body, Producer producer, long maxPayloadBytes) {
        List<FieldError> errors = new ArrayList<>();
        unknownFields(body, Set.of("jobs"), "jobs", errors);
        JsonNode items = body.path("jobs");
        if (!items.isArray()) {
            errors.add(new FieldError("jobs", items.isMissingNode() ? "is required" : "must be a JSON array"));
        } else if (items.isEmpty() || items.size() > MAX_BATCH_JOBS) {
            errors.add(new FieldError("jobs", "must hold 1 to " + MAX_BATCH_JOBS + " jobs, not " + items.size()));
        }
        if (!errors.isEmpty()) throw ApiProblem.invalid("The batch request is invalid.", errors);

        List<NewJob> jobs = new ArrayList<>(items.size());
        Map<String, Integer> firstWithKey = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String prefix = "jobs[" + i + "]";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                errors.add(new FieldError(prefix, "must be a JSON object"));
                jobs.add(null);
                continue;
            }
            requireAllowed(item, producer, prefix + ".type");
            List<FieldError> itemErrors = new ArrayList<>();
            NewJob job = read(item, producer, maxPayloadBytes, itemErrors);
            itemErrors.forEach(e -> errors.add(e.prefixed(prefix)));
            jobs.add(job);
            if (job == null || job.key() == null) continue;
            Integer first = firstWithKey.putIfAbsent(job.key(), i);
            // the same idempotency key twice is one job asked for twice, not two jobs under one key
            if (first != null && !jobs.get(first).id().equals(job.id())) {
                errors.add(new FieldError(
                        prefix + ".key", "repeats the key of jobs[" + first + "]; a batch may use a key once"));
            }
        }
        if (!errors.isEmpty()) throw ApiProblem.invalid("The batch has invalid jobs; none was enqueued.", errors);
        return jobs;
    }

    /**
     * A 403, not a 400, when the request names an operator-only type and the caller is no
     * operator: the request is well formed, the caller may not make it.
     */
    private static void requireAllowed(JsonNode request, Producer producer, String field) {
        JsonNode node = request.get("type");
        Optional<JobType<?>> type =
                node != null && node.isString() ? JobCatalog.byName(node.stringValue()) : Optional.empty();
        if (type.isPresent() && type.get().operatorOnly() && !producer.operator()) {
            throw ApiProblem.forbidden(
                    "Job type " + type.get().name() + " may be enqueued only by operators and Lineup's scheduler.",
                    List.of(new FieldError(field, type.get().name() + " is an operator-only job type")));
        }
    }

    /** The job, or null with the reasons added to {@code errors}, named relative to the request. */
    private NewJob read(JsonNode request, Producer producer, long maxPayloadBytes, List<FieldError> errors) {
        int before = errors.size();
        unknownFields(request, FIELDS, FIELD_LIST, errors);
        nulCharacters(request, errors);
        Optional<JobType<?>> type = type(request.get("type"), errors);
        Priority priority = priority(request.get("priority"), type, errors);
        LineupJob payload = payload(request.get("payload"), type, maxPayloadBytes, errors);
        Instant runAt = RequestFields.instant(request.get("runAt"), "runAt", errors);
        String idempotencyKey = RequestFields.idempotencyKey(request.get("idempotencyKey"), errors);
        Integer maxAttempts = RequestFields.maxAttempts(request.get("maxAttempts"), errors);
        Duration timeout = RequestFields.timeout(request.get("timeout"), errors);
        Instant expiresAt = RequestFields.instant(request.get("expiresAt"), "expiresAt", errors);
        String key = RequestFields.key(request.get("key"), errors);
        boolean replace = RequestFields.replace(request.get("replace"), errors);
        List<String> tags = RequestFields.tags(request.get("tags"), errors);
        if (runAt != null && expiresAt != null && !expiresAt.isAfter(runAt)) {
            errors.add(new FieldError("expiresAt", "must be after runAt"));
        }
        if (replace && key == null && absent(request.get("key"))) {
            errors.add(new FieldError("replace", "needs a key: it replaces the waiting job the key names"));
        }
        if (errors.size() > before) return null;
        UUID id = idempotencyKey == null ? JobIds.random() : JobIds.forIdempotencyKey(producer.name(), idempotencyKey);
        return new NewJob(
                id,
                payload,
                priority,
                producer.name(),
                runAt,
                maxAttempts,
                timeout,
                expiresAt,
                key,
                tags,
                idempotencyKey,
                replace);
    }

    private static void unknownFields(JsonNode request, Set<String> known, String knownList, List<FieldError> errors) {
        request.propertyNames().stream()
                .filter(name -> !known.contains(name))
                .sorted()
                .forEach(name -> errors.add(new FieldError(name, "unknown field; allowed: " + knownList)));
    }

    /** PostgreSQL cannot store NUL in text; the payload's own check names its fields. */
    private static void nulCharacters(JsonNode request, List<FieldError> errors) {
        for (String name : request.propertyNames()) {
            if (name.equals("payload")) continue;
            JsonNode value = request.get(name);
            boolean nul = value.isString()
                    ? value.stringValue().indexOf('\0') >= 0
                    : value.isArray()
                            && value.valueStream()
                                    .anyMatch(
                                            v -> v.isString() && v.stringValue().indexOf('\0') >= 0);
            if (nul) errors.add(new FieldError(name, PayloadLimits.NUL_MESSAGE));
        }
    }

    private static Optional<JobType<?>> type(JsonNode node, List<FieldError> errors) {
        if (absent(node)) {
            errors.add(new FieldError("type", "is required; known types: " + knownTypes()));
            return Optional.empty();
        }
        Optional<JobType<?>> type = node.isString() ? JobCatalog.byName(node.stringValue()) : Optional.empty();
        if (type.isEmpty())
            errors.add(new FieldError("type", "unknown job type " + node + "; known types: " + knownTypes()));
        return type;
    }

    private static Priority priority(JsonNode node, Optional<JobType<?>> type, List<FieldError> errors) {
        if (absent(node)) return type.map(JobType::defaultPriority).orElse(null);
        Optional<Priority> priority = node.isString() ? Priority.parse(node.stringValue()) : Optional.empty();
        if (priority.isEmpty()) {
            errors.add(new FieldError(
                    "priority",
                    "must be one of "
                            + Arrays.stream(Priority.values())
                                    .map(Priority::wireName)
                                    .collect(Collectors.joining(", "))));
        }
        return priority.orElse(null);
    }

    private LineupJob payload(JsonNode node, Optional<JobType<?>> type, long maxBytes, List<FieldError> errors) {
        if (absent(node)) {
            errors.add(new FieldError("payload", "is required"));
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("payload", "must be a JSON object"));
            return null;
        }
        if (node.toString().getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            errors.add(new FieldError("payload", "is larger than " + maxBytes + " bytes"));
            return null;
        }
        if (type.isEmpty()) return null; // nothing to check it against; the type's error says why
        PayloadReader.Result<?> result = payloadReader.read(type.get(), node);
        result.errors()
                .forEach(e -> errors.add(
                        e.field().isEmpty() ? new FieldError("payload", e.message()) : e.prefixed("payload")));
        return result.job();
    }

    private static String knownTypes() {
        return JobCatalog.TYPES.stream().map(JobType::name).collect(Collectors.joining(", "));
    }
}
