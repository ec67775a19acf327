package dev.lineup.dashboard;

import dev.lineup.core.catalog.CallWebhook;
import dev.lineup.core.job.SecretHeaders;
import org.jobrunr.utils.mapper.JsonMapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * JobRunr's JSON mapper as the dashboard's handlers use it, with the credentials a job's payload
 * carries shown as {@code ***} ({@link SecretHeaders}): every job the dashboard's API and event
 * streams send (a job, a page of jobs) passes through here. Only what the browser reads changes;
 * requeueing or deleting from the dashboard works on the stored job, which keeps its values.
 */
final class RedactingJsonMapper implements JsonMapper {

    private static final String WEBHOOK = CallWebhook.class.getName();

    private final JsonMapper delegate;
    private final tools.jackson.databind.json.JsonMapper tree =
            tools.jackson.databind.json.JsonMapper.builder().build();

    RedactingJsonMapper(JsonMapper delegate) {
        this.delegate = delegate;
    }

    @Override
    public String serialize(Object object) {
        String json = delegate.serialize(object);
        if (!json.contains(WEBHOOK)) return json;
        JsonNode root = tree.readTree(json);
        redact(root);
        return tree.writeValueAsString(root);
    }

    @Override
    public void serialize(OutputStream outputStream, Object object) {
        try {
            outputStream.write(serialize(object).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public <T> T deserialize(String json, Class<T> type) {
        return delegate.deserialize(json, type);
    }

    /** Finds each stored job parameter of a webhook ({className, actualClassName, object}) and hides its secret headers. */
    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (isWebhookParameter(object)
                    && object.get("object") instanceof ObjectNode payload
                    && payload.get("headers") instanceof ObjectNode headers) {
                for (String name : new ArrayList<>(headers.propertyNames())) {
                    if (SecretHeaders.isSecret(name)) headers.put(name, SecretHeaders.REDACTED);
                }
            }
        }
        for (JsonNode child : node) {
            redact(child);
        }
    }

    private static boolean isWebhookParameter(ObjectNode object) {
        return WEBHOOK.equals(object.path("className").asString(null))
                || WEBHOOK.equals(object.path("actualClassName").asString(null));
    }
}
