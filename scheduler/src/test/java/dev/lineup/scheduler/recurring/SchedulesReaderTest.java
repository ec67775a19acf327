package dev.lineup.scheduler.recurring;

import dev.lineup.core.catalog.DailyReport;
import dev.lineup.core.catalog.PayloadReader;
import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.FieldError;
import dev.lineup.core.job.Priority;
import dev.lineup.scheduler.SchedulerProperties.Schedule;
import jakarta.validation.Validation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SchedulesReaderTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final SchedulesReader reader = new SchedulesReader(
            new PayloadReader(json, Validation.buildDefaultValidatorFactory().getValidator()), json);

    private static Schedule schedule(String id, String cron, String type, Map<String, Object> payload) {
        return new Schedule(id, cron, "UTC", type, payload, null, "lineup");
    }

    private List<FieldError> errors(Schedule... schedules) {
        var thrown = catchThrowableOfType(InvalidSchedulesException.class, () -> reader.read(List.of(schedules)));
        assertThat(thrown).as("an invalid schedule is refused").isNotNull();
        return thrown.errors();
    }

    @Test
    void readsAScheduleWithTheTypesDefaultPriority() {
        var read = reader.read(List.of(schedule("daily-report", "0 7 * * *", "report.daily", null)));

        assertThat(read).singleElement().satisfies(s -> {
            assertThat(s.job()).isEqualTo(new DailyReport(null, null));
            assertThat(s.priority()).isEqualTo(Priority.LOW);
            assertThat(s.zone()).isEqualTo(ZoneId.of("UTC"));
            assertThat(s.labels()).containsExactly("report.daily", "priority:low", "producer:lineup");
        });
    }

    @Test
    void namesEveryBadFieldByTheSchedulesId() {
        var bad = new Schedule("nightly", "0 25 * * *", "Mars/Olympus", "report.daily", null, "urgent", "");

        assertThat(errors(bad))
                .extracting(FieldError::field)
                .containsExactly(
                        "schedules[nightly].cron",
                        "schedules[nightly].zone",
                        "schedules[nightly].priority",
                        "schedules[nightly].producer");
    }

    @Test
    void anUnknownTypeListsTheKnownOnes() {
        assertThat(errors(schedule("ping", "0 * * * *", "sms.sned", null)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.field()).isEqualTo("schedules[ping].type");
                    assertThat(e.message()).contains("sms.sned").contains("sms.send, webhook.call");
                });
    }

    @Test
    void aBadPayloadIsNamedDownToItsField() {
        var sms = schedule("ping", "0 * * * *", "sms.send", Map.of("to", "0612345678", "text", "hi"));

        assertThat(errors(sms)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("schedules[ping].payload.to");
            assertThat(e.message()).contains("E.164");
        });
        assertThat(errors(schedule("ping", "0 * * * *", "sms.send", Map.of("text", "hi", "txt", "x"))))
                .extracting(FieldError::field)
                .containsExactly("schedules[ping].payload.txt");
    }

    @Test
    void idsMustBeWellFormedAndUnique() {
        var errors = errors(
                schedule("Daily Report", "0 7 * * *", "report.daily", null),
                schedule("a", "0 7 * * *", "report.daily", null),
                schedule("a", "0 8 * * *", "report.daily", null),
                schedule(null, "0 7 * * *", "report.daily", null));

        assertThat(errors)
                .extracting(FieldError::field)
                .containsExactly("schedules[Daily Report].id", "schedules[a].id", "schedules[3].id");
        assertThat(errors.get(1).message()).contains("more than one schedule");
    }

    @Test
    void refusesIntervalsAndSchedulesFasterThanJobRunrPolls() {
        assertThat(errors(schedule("a", "PT1H", "report.daily", null)))
                .singleElement()
                .extracting(FieldError::message)
                .asString()
                .contains("not a cron expression");
        assertThat(errors(schedule("a", "* * * * * *", "report.daily", null)))
                .singleElement()
                .extracting(FieldError::message)
                .asString()
                .contains("5 seconds");
        assertThat(errors(schedule("a", null, "report.daily", null)))
                .singleElement()
                .extracting(FieldError::message)
                .asString()
                .startsWith("is required");
    }

    @Test
    void aMapKeyedByIndexesIsAList() {
        var report = schedule(
                "r",
                "0 7 * * *",
                "report.daily",
                Map.of("recipients", Map.of("1", "b@example.com", "0", "a@example.com")));
        var sms = schedule("s", "0 7 * * *", "sms.send", Map.of("to", "+14155550123", "text", "hi"));

        var read = reader.read(List.of(report, sms));

        assertThat(read.get(0).job()).isEqualTo(new DailyReport(null, List.of("a@example.com", "b@example.com")));
        assertThat(read.get(1).job()).isEqualTo(new SendSms("+14155550123", "hi"));
        assertThat(read.get(1).priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void theMessageSaysHowToFixIt() {
        assertThatThrownBy(() -> reader.read(List.of(schedule("a", "0 7 * * *", "nope", null))))
                .hasMessageContaining("schedules[a].type: unknown job type 'nope'")
                .hasMessageContaining("LINEUP_SCHEDULER_SCHEDULES_<n>_<FIELD>");
    }
}
