package dev.lineup.api.problem;

import dev.lineup.core.job.FieldError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * An error the API answers with as {@code application/problem+json}: a {@code type} of
 * {@code urn:lineup:problem:<slug>}, a title, the status, a detail for humans and, for bad
 * fields, an {@code errors} array of {@code {field, message}}.
 */
public class ApiProblem extends ErrorResponseException {

    private static final Map<Integer, String> SLUGS = Map.ofEntries(
            Map.entry(400, "invalid-request"),
            Map.entry(401, "unauthorized"),
            Map.entry(403, "forbidden"),
            Map.entry(404, "not-found"),
            Map.entry(405, "method-not-allowed"),
            Map.entry(406, "not-acceptable"),
            Map.entry(408, "request-timeout"),
            Map.entry(409, "conflict"),
            Map.entry(413, "payload-too-large"),
            Map.entry(414, "uri-too-long"),
            Map.entry(415, "unsupported-media-type"),
            Map.entry(429, "too-many-requests"),
            Map.entry(431, "request-header-fields-too-large"));

    private ApiProblem(HttpStatus status, String detail, List<FieldError> errors) {
        super(status, problem(status, detail, errors), null);
    }

    /** A 400 naming every bad field. */
    public static ApiProblem invalid(String detail, List<FieldError> errors) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, detail, errors);
    }

    /** A 400 naming one bad field. */
    public static ApiProblem invalid(String field, String message) {
        return invalid("The request has an invalid field: " + field + ".", List.of(new FieldError(field, message)));
    }

    /** A 401 that tells the client how to authenticate. */
    public static ApiProblem unauthorized(String detail) {
        var problem = new ApiProblem(HttpStatus.UNAUTHORIZED, detail, List.of());
        problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lineup\"");
        return problem;
    }

    /** A 403 naming what the caller may not do. */
    public static ApiProblem forbidden(String detail, List<FieldError> errors) {
        return new ApiProblem(HttpStatus.FORBIDDEN, detail, errors);
    }

    /** A 403: the producer may not do this, naming the field that asked for it. */
    public static ApiProblem forbidden(String detail, String field) {
        return forbidden(detail, List.of(new FieldError(field, "is not allowed for this producer")));
    }

    /**
     * A 429 saying which policy was exceeded and, in {@code Retry-After}, when to try again
     * (whole seconds, never 0).
     */
    public static ApiProblem tooManyRequests(String detail, String policy, long retryAfterSeconds) {
        var problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, detail, List.of());
        problem.getBody().setProperty("violated-policies", List.of(policy));
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfterSeconds)));
        return problem;
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, detail, List.of());
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, detail, List.of());
    }

    /** A 408: the client stopped sending its body before the read timeout. */
    public static ApiProblem requestTimeout() {
        return new ApiProblem(
                HttpStatus.REQUEST_TIMEOUT,
                "The request body was not sent in time; send the whole request without pausing.",
                List.of());
    }

    public static ApiProblem payloadTooLarge(long limitBytes) {
        return new ApiProblem(
                HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than " + limitBytes + " bytes.", List.of());
    }

    /** A problem of the given status with Lineup's type and title, and the errors if any. */
    public static ProblemDetail problem(HttpStatusCode status, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        brand(problem);
        if (!errors.isEmpty()) problem.setProperty("errors", errors);
        return problem;
    }

    /** Gives a problem built by Spring ({@code about:blank}) Lineup's type for its status. */
    static void brand(ProblemDetail problem) {
        if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
            problem.setType(URI.create("urn:lineup:problem:" + slug(problem.getStatus())));
        }
        if (problem.getTitle() == null) {
            HttpStatus known = HttpStatus.resolve(problem.getStatus());
            problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
        }
    }

    private static String slug(int status) {
        if (status == 503) return "unavailable";
        if (status >= 500) return "internal-error";
        return SLUGS.getOrDefault(status, "http-" + status);
    }
}
