package dev.lineup.core.catalog;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;

/**
 * Keeps a JSON value as its text, so a record can carry any JSON (a webhook body) without a
 * type of its own. Paired with {@code @JsonRawValue}, which writes the text back as JSON.
 */
final class RawJson {

    private RawJson() {}

    static final class Deserializer extends ValueDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            JsonNode node = context.readTree(parser);
            return node == null || node.isNull() ? null : node.toString();
        }

        @Override
        public String getNullValue(DeserializationContext context) {
            return null;
        }
    }
}
