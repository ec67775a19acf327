package dev.lineup.api.json;

import dev.lineup.api.problem.ApiProblem;
import dev.lineup.core.catalog.PayloadLimits;
import dev.lineup.core.job.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Optional;

/**
 * Reads a request body as a JSON object, refusing it whole when it is larger than a limit: at
 * once when {@code Content-Length} says so, and while reading when a chunked body runs past it,
 * so an oversized body is never held in memory. A repeated field or trailing content is an
 * error, not silently dropped.
 */
@Component
public class JsonBodies {

    /** Jackson's own limit on nesting, the one every JSON body meets before any field is read. */
    static final int MAX_NESTING = StreamReadConstraints.DEFAULT_MAX_DEPTH;

    private final ObjectReader reader;

    JsonBodies(JsonMapper jsonMapper) {
        this.reader = jsonMapper
                .reader()
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The body as a JSON object, or an {@link ApiProblem}: 413 too large, 400 missing or not an object. */
    public JsonNode readObject(HttpServletRequest request, long limitBytes) {
        return parse(bytes(request, limitBytes))
                .orElseThrow(() -> ApiProblem.invalid("body", "is required: send a JSON object"));
    }

    /** The body as a JSON object, or empty when none was sent; a body that is sent must be JSON (415). */
    public Optional<JsonNode> readOptionalObject(HttpServletRequest request, long limitBytes)
            throws HttpMediaTypeNotSupportedException {
        byte[] body = bytes(request, limitBytes);
        if (body.length == 0) return Optional.empty();
        requireJson(request.getContentType());
        return parse(body);
    }

    private static byte[] bytes(HttpServletRequest request, long limitBytes) {
        if (request.getContentLengthLong() > limitBytes) throw ApiProblem.payloadTooLarge(limitBytes);
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(Math.toIntExact(limitBytes + 1));
        } catch (IOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SocketTimeoutException) throw ApiProblem.requestTimeout();
            }
            throw ApiProblem.invalid("body", "could not be read: " + e.getMessage());
        }
        if (body.length > limitBytes) throw ApiProblem.payloadTooLarge(limitBytes);
        return body;
    }

    private Optional<JsonNode> parse(byte[] body) {
        if (body.length == 0) return Optional.empty();
        JsonNode node;
        try {
            node = reader.readTree(body);
        } catch (JacksonException e) {
            throw malformed(e);
        }
        if (node == null || node.isMissingNode()) return Optional.empty();
        if (!node.isObject()) throw ApiProblem.invalid("body", "must be a JSON object");
        return Optional.of(node);
    }

    private static ApiProblem malformed(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        String where = at == null || TokenStreamLocation.NA.equals(at)
                ? ""
                : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        // the parser's own words are clear; the tree binder's name Jackson's classes and settings
        String reason = e instanceof StreamConstraintsException
                ? "nested too deep or too large: at most " + MAX_NESTING
                        + " levels of objects and arrays, and a payload's free-form JSON at most "
                        + PayloadLimits.MAX_DEPTH
                : e instanceof StreamReadException ? e.getOriginalMessage() : "unexpected content after the JSON value";
        return ApiProblem.invalid(
                "The body is not valid JSON" + where + ".",
                List.of(new FieldError("body", "malformed JSON" + where + ": " + reason)));
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
