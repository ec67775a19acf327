package dev.lineup.api.jobs;

import dev.lineup.api.problem.ApiProblem;
import dev.lineup.core.catalog.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads a request body as a JSON tree, refusing it whole when it is larger than a limit: at once
 * when {@code Content-Length} says so, and while reading when a chunked body runs past it, so an
 * oversized body is never held in memory.
 */
@Component
class JsonBodyReader {

    private final ObjectReader reader;

    JsonBodyReader(JsonMapper jsonMapper) {
        // a repeated property would otherwise silently keep the last value
        this.reader = jsonMapper.reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The body as a JSON object, or an {@link ApiProblem} (413 too large, 400 not a JSON object). */
    JsonNode readObject(HttpServletRequest request, long limitBytes) {
        if (request.getContentLengthLong() > limitBytes) throw ApiProblem.payloadTooLarge(limitBytes);
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(Math.toIntExact(limitBytes + 1));
        } catch (IOException e) {
            throw ApiProblem.invalid("body", "could not be read: " + e.getMessage());
        }
        if (body.length > limitBytes) throw ApiProblem.payloadTooLarge(limitBytes);
        if (body.length == 0) throw ApiProblem.invalid("body", "is required: send a JSON object");
        JsonNode node;
        try {
            node = reader.readTree(body);
        } catch (JacksonException e) {
            throw malformed(e);
        }
        if (node == null || node.isMissingNode()) throw ApiProblem.invalid("body", "is required: send a JSON object");
        if (!node.isObject()) throw ApiProblem.invalid("body", "must be a JSON object");
        return node;
    }

    private static ApiProblem malformed(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        String where = at == null || at == TokenStreamLocation.NA ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        // the parser's own words are clear; the tree binder's name Jackson's classes and settings
        String reason = e instanceof StreamReadException ? e.getOriginalMessage() : "unexpected content after the JSON value";
        String detail = "The body is not valid JSON" + where + ".";
        return ApiProblem.invalid(detail, List.of(new FieldError("body", "malformed JSON" + where + ": " + reason)));
    }
}
