package dev.lineup.api.jobtypes;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.metadata.ConstraintDescriptor;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Bean Validation constraints in words a producer reads: "max length 254", "email address". */
final class ConstraintWords {

    private ConstraintWords() {}

    /** A field's own constraint; required-ness is reported apart, so not-null and not-blank say nothing here. */
    static Optional<String> describe(ConstraintDescriptor<?> constraint, Class<?> fieldType) {
        var annotation = constraint.getAnnotation();
        if (annotation instanceof NotNull || annotation instanceof NotEmpty) return Optional.empty();
        if (annotation instanceof NotBlank) return Optional.of("not blank");
        if (annotation instanceof Size size) return Optional.of(size(size, fieldType));
        return common(constraint);
    }

    /** A constraint on the keys, values or items of a field. */
    static Optional<String> describeElement(ConstraintDescriptor<?> constraint) {
        var annotation = constraint.getAnnotation();
        if (annotation instanceof NotNull) return Optional.of("not null");
        if (annotation instanceof NotEmpty) return Optional.of("not empty");
        if (annotation instanceof NotBlank) return Optional.of("not blank");
        if (annotation instanceof Size size) return Optional.of(size(size, String.class));
        return common(constraint);
    }

    private static Optional<String> common(ConstraintDescriptor<?> constraint) {
        var annotation = constraint.getAnnotation();
        if (annotation instanceof Email) return Optional.of("email address");
        if (annotation instanceof Pattern pattern)
            return Optional.of(words(pattern.message()).orElse("matches " + pattern.regexp()));
        // Lineup's own constraints say what they want in their message
        return constraint.getAttributes().get("message") instanceof String message
                ? words(message)
                        .or(() -> Optional.of(annotation.annotationType().getSimpleName()))
                : Optional.of(annotation.annotationType().getSimpleName());
    }

    private static String size(Size size, Class<?> type) {
        String unit = Map.class.isAssignableFrom(type)
                ? " entries"
                : Collection.class.isAssignableFrom(type) || type.isArray() ? " items" : "";
        String what = unit.isEmpty() ? "length " : "";
        boolean hasMin = size.min() > 0;
        boolean hasMax = size.max() < Integer.MAX_VALUE;
        if (hasMin && hasMax) return what + size.min() + " to " + size.max() + unit;
        if (hasMax) return unit.isEmpty() ? "max length " + size.max() : "at most " + size.max() + unit;
        if (hasMin) return unit.isEmpty() ? "min length " + size.min() : "at least " + size.min() + unit;
        return "any size";
    }

    /** A custom message ("must be an E.164 phone number such as ...") says it best; a message key says nothing. */
    private static Optional<String> words(String message) {
        if (message.startsWith("{")) return Optional.empty();
        String words = message.startsWith("must be ") ? message.substring("must be ".length()) : message;
        if (words.startsWith("an ")) return Optional.of(words.substring(3));
        if (words.startsWith("a ")) return Optional.of(words.substring(2));
        return Optional.of(words);
    }
}
