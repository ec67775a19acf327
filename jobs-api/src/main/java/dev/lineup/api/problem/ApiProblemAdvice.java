package dev.lineup.api.problem;

import dev.lineup.core.job.FieldError;
import dev.lineup.engine.storage.ConnectionLoss;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns every error into {@code application/problem+json}: the API's own {@link ApiProblem}s,
 * Spring MVC's (415, 405, 404 for unknown paths, unreadable parameters), a 503 with
 * {@code Retry-After} while PostgreSQL cannot be reached, and anything else unexpected, which is
 * logged and answered with a 500 that shows no internals.
 */
@RestControllerAdvice
class ApiProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemAdvice.class);
    /** What a client is told to wait before it tries again while the database is away. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** While the database stays away, one WARN per this long; the requests in between at DEBUG. */
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    private final AtomicLong lastWarn = new AtomicLong(Long.MIN_VALUE);

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) throws Exception {
        if (ConnectionLoss.isCause(e)) return databaseAway(e, request);
        log.error("Unexpected error answering {}", request.getDescription(false), e);
        var problem = ApiProblem.problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on Lineup's side; the error was logged.",
                List.of());
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /** PostgreSQL cannot be reached (restarting, failing over): nothing was done, the client tries again. */
    private ResponseEntity<Object> databaseAway(Exception e, WebRequest request) {
        long now = System.nanoTime();
        long last = lastWarn.get();
        if ((last == Long.MIN_VALUE || now - last > WARN_EVERY.toNanos()) && lastWarn.compareAndSet(last, now)) {
            log.warn(
                    "PostgreSQL cannot be reached; answering 503 until it can ({}); next such line in {} at the earliest",
                    e.getMessage(),
                    WARN_EVERY);
        } else {
            log.debug("PostgreSQL cannot be reached answering {}: {}", request.getDescription(false), e.getMessage());
        }
        var problem = ApiProblem.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Lineup's database cannot be reached right now; nothing was done. Try again in a few seconds.",
                List.of());
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
        return handleExceptionInternal(e, problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        String message = e.getRequiredType() == UUID.class
                ? "must be a UUID such as 0195f3c2-7b1e-7c3a-9d4e-2f6a8b0c1d2e"
                : e.getRequiredType() == int.class || e.getRequiredType() == Integer.class
                        ? "must be a whole number"
                        : "has the wrong type";
        var problem = ApiProblem.problem(
                status, "The request has an invalid field: " + field + ".", List.of(new FieldError(field, message)));
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e.getParameterName();
        var problem = ApiProblem.problem(
                status, "The request is missing " + field + ".", List.of(new FieldError(field, "is required")));
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var problem = ApiProblem.problem(
                status,
                "The request body is not readable JSON.",
                List.of(new FieldError("body", "is not readable JSON")));
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    /** The funnel every handler above and in the superclass ends in. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem) ApiProblem.brand(problem);
        return super.createResponseEntity(body, headers, status, request);
    }
}
