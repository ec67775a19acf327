package dev.lineup.core.catalog;

/** One bad field of a request, named by its path, e.g. {@code payload.to} or {@code jobs[3].runAt}. */
public record FieldError(String field, String message) {

    public FieldError prefixed(String prefix) {
        return new FieldError(prefix + (field.startsWith("[") ? "" : ".") + field, message);
    }
}
