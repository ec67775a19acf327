package dev.lineup.core.job;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;

import java.util.ArrayList;
import java.util.List;

/** One bad field of a request, named by its path, e.g. {@code payload.to} or {@code jobs[3].runAt}. */
public record FieldError(String field, String message) {

    /**
     * A Bean Validation violation of a record, named the way producers write the field:
     * {@code headers<K>[Host].<map key>} in Hibernate Validator's words becomes {@code headers[Host]}.
     */
    public static FieldError of(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            String part = node.getName() == null || node.getName().startsWith("<") ? "" : node.getName();
            if (node.getKey() != null) part = "[" + node.getKey() + "]";
            else if (node.getIndex() != null) part = "[" + node.getIndex() + "]";
            if (!part.isEmpty()) parts.add(part);
        }
        return new FieldError(String.join(".", parts).replace(".[", "["), violation.getMessage());
    }

    public FieldError prefixed(String prefix) {
        return new FieldError(prefix + (field.startsWith("[") ? "" : ".") + field, message);
    }
}
