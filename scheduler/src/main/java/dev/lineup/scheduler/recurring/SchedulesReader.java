package dev.lineup.scheduler.recurring;

import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.JobType;
import dev.lineup.core.catalog.PayloadReader;
import dev.lineup.core.job.FieldError;
import dev.lineup.core.job.Priority;
import dev.lineup.scheduler.SchedulerProperties;
import org.jobrunr.scheduling.Schedule;
import org.jobrunr.scheduling.ScheduleExpressionType;
import org.jobrunr.scheduling.cron.CronExpression;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks the configured schedules and reads them into {@link RecurringSchedule}s, or fails with
 * every bad field named as {@code schedules[<id>].<field>}. Payloads are checked by core's
 * {@link PayloadReader}, so a schedule is held to the same rules as a job sent to the API.
 */
@Component
class SchedulesReader {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** JobRunr keeps labels of at most 45 characters, and the producer's label starts with "producer:". */
    private static final int MAX_PRODUCER_LENGTH = 36;
    /** JobRunr refuses recurring jobs that run more often on a database (its smallest poll interval). */
    private static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(5);

    private static final Pattern LIST_INDEX = Pattern.compile("\\[?(\\d{1,4})]?");

    private final PayloadReader payloadReader;
    private final JsonMapper jsonMapper;

    SchedulesReader(PayloadReader payloadReader, JsonMapper jsonMapper) {
        this.payloadReader = payloadReader;
        this.jsonMapper = jsonMapper;
    }

    List<RecurringSchedule> read(List<SchedulerProperties.Schedule> configured) {
        List<FieldError> errors = new ArrayList<>();
        List<RecurringSchedule> schedules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int index = 0; index < configured.size(); index++) {
            SchedulerProperties.Schedule schedule = configured.get(index);
            String name = "schedules[" + (isBlank(schedule.id()) ? String.valueOf(index) : schedule.id()) + "]";
            List<FieldError> own = new ArrayList<>();
            if (!isBlank(schedule.id()) && !ids.add(schedule.id())) {
                own.add(new FieldError("id", "is used by more than one schedule; give each schedule its own id"));
            }
            RecurringSchedule read = read(schedule, own);
            own.forEach(e -> errors.add(e.field().isEmpty() ? new FieldError(name, e.message()) : e.prefixed(name)));
            if (own.isEmpty()) schedules.add(read);
        }
        if (!errors.isEmpty()) throw new InvalidSchedulesException(errors);
        return List.copyOf(schedules);
    }

    /** Adds what is wrong to {@code errors}; the result is meaningful only when none was added. */
    private RecurringSchedule read(SchedulerProperties.Schedule schedule, List<FieldError> errors) {
        checkId(schedule.id(), errors);
        String cron = readCron(schedule.cron(), errors);
        ZoneId zone = readZone(schedule.zone(), errors);
        JobType<?> type = readType(schedule.type(), errors);
        Priority priority = readPriority(schedule.priority(), type, errors);
        checkProducer(schedule.producer(), errors);
        if (type == null) {
            return null;
        }
        PayloadReader.Result<?> payload = payloadReader.read(type, toJson(schedule.payload()));
        payload.errors()
                .forEach(e -> errors.add(
                        e.field().isEmpty() ? new FieldError("payload", e.message()) : e.prefixed("payload")));
        return new RecurringSchedule(schedule.id(), cron, zone, type, payload.job(), priority, schedule.producer());
    }

    private static void checkId(String id, List<FieldError> errors) {
        if (isBlank(id)) {
            errors.add(new FieldError("id", "is required"));
        } else if (!ID.matcher(id).matches()) {
            errors.add(new FieldError(
                    "id",
                    "must be 1 to 64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
    }

    private static String readCron(String cron, List<FieldError> errors) {
        if (isBlank(cron)) {
            errors.add(
                    new FieldError("cron", "is required, e.g. 0 7 * * * (minute hour day-of-month month day-of-week)"));
            return null;
        }
        try {
            // the way RecurringJobBuilder.withCron reads it, so what passes here is what JobRunr stores
            Schedule schedule = ScheduleExpressionType.createScheduleFromString(cron);
            if (!(schedule instanceof CronExpression)) {
                errors.add(
                        new FieldError(
                                "cron",
                                "'" + cron
                                        + "' is not a cron expression; use minute hour day-of-month month day-of-week, e.g. 0 7 * * *"));
                return null;
            }
            schedule.validate();
            if (schedule.durationBetweenSchedules().compareTo(SHORTEST_INTERVAL) < 0) {
                errors.add(new FieldError(
                        "cron",
                        "'" + cron + "' runs more often than every 5 seconds, the shortest interval JobRunr supports"));
                return null;
            }
            return schedule.toString();
        } catch (RuntimeException e) {
            errors.add(new FieldError(
                    "cron",
                    "'" + cron + "' is not a valid cron expression (" + e.getMessage()
                            + "); use minute hour day-of-month month day-of-week, e.g. 0 7 * * *"));
            return null;
        }
    }

    private static ZoneId readZone(String zone, List<FieldError> errors) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException | NullPointerException e) {
            errors.add(new FieldError(
                    "zone", "'" + zone + "' is not a time zone; use a region such as Europe/Amsterdam, or UTC"));
            return null;
        }
    }

    private static JobType<?> readType(String type, List<FieldError> errors) {
        String known = JobCatalog.TYPES.stream().map(JobType::name).collect(Collectors.joining(", "));
        if (isBlank(type)) {
            errors.add(new FieldError("type", "is required; one of " + known));
            return null;
        }
        return JobCatalog.byName(type).orElseGet(() -> {
            errors.add(new FieldError("type", "unknown job type '" + type + "'; known: " + known));
            return null;
        });
    }

    private static Priority readPriority(String priority, JobType<?> type, List<FieldError> errors) {
        if (priority == null) {
            return type == null ? null : type.defaultPriority();
        }
        return Priority.parse(priority).orElseGet(() -> {
            errors.add(new FieldError(
                    "priority",
                    "'" + priority + "' is not a priority; use one of "
                            + Arrays.stream(Priority.values())
                                    .map(Priority::wireName)
                                    .collect(Collectors.joining(", "))));
            return null;
        });
    }

    private static void checkProducer(String producer, List<FieldError> errors) {
        if (isBlank(producer)) {
            errors.add(new FieldError("producer", "must not be blank; leave it out for the default, lineup"));
        } else if (producer.length() > MAX_PRODUCER_LENGTH) {
            errors.add(new FieldError("producer", "must be at most " + MAX_PRODUCER_LENGTH + " characters"));
        }
    }

    private JsonNode toJson(Map<String, Object> payload) {
        return jsonMapper.valueToTree(payload == null ? Map.of() : withLists(payload));
    }

    /**
     * Configuration has no arrays, only maps: Spring binds {@code payload.recipients[0]=...}
     * (and {@code ..._PAYLOAD_RECIPIENTS_0=...} in the environment) into a map keyed by index.
     * A map whose keys are exactly 0, 1, 2, ... is turned back into the list it stands for.
     */
    private static Object withLists(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        Map<String, Object> converted = new LinkedHashMap<>();
        map.forEach((key, entry) -> converted.put(String.valueOf(key), withLists(entry)));
        Map<Integer, Object> byIndex = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : converted.entrySet()) {
            var index = LIST_INDEX.matcher(entry.getKey());
            if (!index.matches()) return converted;
            byIndex.put(Integer.valueOf(index.group(1)), entry.getValue());
        }
        if (byIndex.isEmpty()) {
            return converted;
        }
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < byIndex.size(); i++) {
            if (!byIndex.containsKey(i)) return converted;
            list.add(byIndex.get(i));
        }
        return list;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
