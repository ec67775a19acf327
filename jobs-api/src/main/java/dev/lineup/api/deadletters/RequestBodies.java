package dev.lineup.api.deadletters;

import dev.lineup.api.problem.ApiProblem;
import dev.lineup.core.catalog.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Reads a dead-letter request's JSON body, refusing it when it is larger than a limit (at once by
 * its {@code Content-Length}, or while reading a chunked one) or repeats a field.
 */
@Component
class RequestBodies {

    private final ObjectReader reader;

    RequestBodies(JsonMapper jsonMapper) {
        // a repeated property would otherwise silently keep the last value
        this.reader = jsonMapper.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * The body as a JSON object, or empty when none was sent. A body must be JSON (415 otherwise)
     * and a JSON object (400).
     */
    Optional<JsonNode> readObject(HttpServletRequest request, long limitBytes) throws HttpMediaTypeNotSupportedException {
        if (request.getContentLengthLong() > limitBytes) throw ApiProblem.payloadTooLarge(limitBytes);
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(Math.toIntExact(limitBytes + 1));
        } catch (IOException e) {
            throw ApiProblem.invalid("body", "could not be read: " + e.getMessage());
        }
        if (body.length > limitBytes) throw ApiProblem.payloadTooLarge(limitBytes);
        if (body.length == 0) return Optional.empty();
        requireJson(request.getContentType());
        JsonNode node;
        try {
            node = reader.readTree(body);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at == TokenStreamLocation.NA ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw ApiProblem.invalid("The body is not valid JSON" + where + ".",
                    List.of(new FieldError("body", "malformed JSON" + where)));
        }
        if (node == null || node.isMissingNode()) return Optional.empty();
        if (!node.isObject()) throw ApiProblem.invalid("body", "must be a JSON object");
        return Optional.of(node);
    }

    private static void requireJson(String contentType) throws HttpMediaTypeNotSupportedException {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            throw new HttpMediaTypeNotSupportedException(type, List.of(MediaType.APPLICATION_JSON));
        }
    }
}
