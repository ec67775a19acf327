package dev.lineup.core.catalog;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;

/** An IANA time zone name such as {@code Europe/Berlin}, or null. */
@Target({
    ElementType.FIELD,
    ElementType.PARAMETER,
    ElementType.RECORD_COMPONENT,
    ElementType.TYPE_USE,
    ElementType.METHOD
})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = TimeZoneName.Validator.class)
public @interface TimeZoneName {

    String message() default "must be an IANA time zone such as Europe/Berlin";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<TimeZoneName, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || parse(value).isPresent();
        }

        /**
         * The zone a name stands for, if it is a region id such as {@code Europe/Berlin} (or
         * UTC): an offset like {@code +02:00} or {@code GMT+2} would follow no daylight saving time.
         */
        public static Optional<ZoneId> parse(String name) {
            if (!name.contains("/") && !name.equals("UTC")) return Optional.empty();
            try {
                return Optional.of(ZoneId.of(name));
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
    }
}
