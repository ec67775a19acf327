package dev.lineup.core.catalog;

import dev.lineup.core.job.FieldError;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * What a payload may hold, checked before it is read as its job type's record, so that nothing
 * is accepted that could not be stored and read back: free-form JSON (a webhook's body, an email's
 * template variables, headers) nests at most {@value #MAX_DEPTH} levels below the payload, an
 * object has at most {@value #MAX_KEYS} keys, a string or key is at most {@value #MAX_STRING}
 * characters, and no string or key holds the NUL character, which PostgreSQL cannot store in text.
 * Stored, a payload sits about ten levels deep inside JobRunr's job JSON, whose reader stops at
 * 500; these limits keep far from that.
 */
public final class PayloadLimits {

    public static final int MAX_DEPTH = 32;
    public static final int MAX_KEYS = 1000;
    public static final int MAX_STRING = 32_768;
    public static final String NUL_MESSAGE = "must not contain the NUL character (\\u0000)";

    private PayloadLimits() {}

    /** Every limit the payload breaks, with field names relative to the payload; stops at the first error in each branch. */
    public static List<FieldError> check(JsonNode payload) {
        List<FieldError> errors = new java.util.ArrayList<>();
        walk(payload, "", 0, errors);
        return errors;
    }

    private static void walk(JsonNode node, String path, int depth, List<FieldError> errors) {
        if (depth > MAX_DEPTH) {
            errors.add(
                    new FieldError(path, "is nested too deep: at most " + MAX_DEPTH + " levels of objects and arrays"));
            return;
        }
        if (node.isString()) {
            String text = node.stringValue();
            if (text.indexOf('\0') >= 0) errors.add(new FieldError(path, NUL_MESSAGE));
            else if (text.length() > MAX_STRING)
                errors.add(new FieldError(path, "is longer than " + MAX_STRING + " characters"));
        } else if (node.isObject()) {
            if (node.size() > MAX_KEYS) {
                errors.add(new FieldError(path, "has more than " + MAX_KEYS + " keys"));
                return;
            }
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String name = member.getKey();
                String child = path.isEmpty() ? name : path + "." + name;
                if (name.indexOf('\0') >= 0) {
                    errors.add(new FieldError(path, "has a key that contains the NUL character (\\u0000)"));
                } else if (name.length() > MAX_STRING) {
                    errors.add(new FieldError(path, "has a key longer than " + MAX_STRING + " characters"));
                } else {
                    walk(member.getValue(), child, depth + 1, errors);
                }
            }
        } else if (node.isArray()) {
            if (node.size() > MAX_KEYS) {
                errors.add(new FieldError(path, "has more than " + MAX_KEYS + " elements"));
                return;
            }
            for (int i = 0; i < node.size(); i++) walk(node.get(i), path + "[" + i + "]", depth + 1, errors);
        }
    }
}
