package dev.lineup.scheduler.recurring;

import dev.lineup.core.job.FieldError;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown at startup when configured schedules are wrong; the message lists every bad field. */
class InvalidSchedulesException extends IllegalStateException {

    private final List<FieldError> errors;

    InvalidSchedulesException(List<FieldError> errors) {
        super(
                errors.stream()
                        .map(e -> "  " + e.field() + ": " + e.message())
                        .collect(
                                Collectors.joining(
                                        "\n",
                                        "Invalid recurring schedules in lineup.scheduler.schedules:\n",
                                        "\nFix or remove them (in application properties, or LINEUP_SCHEDULER_SCHEDULES_<n>_<FIELD> in the"
                                                + " environment), or set LINEUP_SCHEDULER_ENABLED=false to leave recurring jobs alone.")));
        this.errors = List.copyOf(errors);
    }

    List<FieldError> errors() {
        return errors;
    }
}
