package dev.lineup.core.catalog;

import dev.lineup.core.job.FieldError;
import dev.lineup.core.run.LineupJob;
import jakarta.validation.Validator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a producer's JSON payload into the job type's record and validates it, reporting every
 * bad field by name. Used by the API for each job and by the scheduler for each configured
 * schedule, so both reject the same payloads with the same words.
 */
public class PayloadReader {

    private final JsonMapper jsonMapper;
    private final Validator validator;

    public PayloadReader(JsonMapper jsonMapper, Validator validator) {
        this.jsonMapper = jsonMapper;
        this.validator = validator;
    }

    /** A valid record, or the reasons there is none. Field names are relative to the payload. */
    public record Result<J extends LineupJob>(J job, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public <J extends LineupJob> Result<J> read(JobType<J> type, JsonNode payload) {
        if (payload == null || payload.isNull() || payload.isMissingNode()) {
            return new Result<>(null, List.of(new FieldError("", "is required")));
        }
        if (!payload.isObject()) {
            return new Result<>(null, List.of(new FieldError("", "must be a JSON object")));
        }
        List<FieldError> limits = PayloadLimits.check(payload);
        if (!limits.isEmpty()) return new Result<>(null, limits);
        J job;
        try {
            ObjectReader reader =
                    jsonMapper.readerFor(type.recordClass()).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            job = reader.readValue(payload);
        } catch (JacksonException e) {
            return new Result<>(null, List.of(describe(e, type)));
        }
        List<FieldError> errors = validator.validate(job).stream()
                .map(FieldError::of)
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return new Result<>(errors.isEmpty() ? job : null, errors);
    }

    private static FieldError describe(JacksonException e, JobType<?> type) {
        String field = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        if (e instanceof UnrecognizedPropertyException) {
            return new FieldError(field, "unknown field; " + type.name() + " takes " + fieldNames(type));
        }
        if (e instanceof InvalidFormatException invalid) {
            return new FieldError(
                    field, "cannot read '" + invalid.getValue() + "' as " + readable(invalid.getTargetType()));
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return new FieldError(field, "must be " + readable(mismatched.getTargetType()));
        }
        return new FieldError(field, "cannot be read: " + e.getOriginalMessage());
    }

    private static String fieldNames(JobType<?> type) {
        return Arrays.stream(type.recordClass().getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.joining(", "));
    }

    private static String readable(Class<?> target) {
        if (target == String.class) return "a string";
        if (Map.class.isAssignableFrom(target)) return "a JSON object";
        if (Collection.class.isAssignableFrom(target) || target.isArray()) return "a JSON array";
        if (target == LocalDate.class) return "a date such as 2026-11-22";
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) return "a number";
        return "a " + target.getSimpleName();
    }
}
