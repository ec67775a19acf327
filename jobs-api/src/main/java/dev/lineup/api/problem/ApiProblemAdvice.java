package dev.lineup.api.problem;

import dev.lineup.core.job.FieldError;
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

import java.util.List;
import java.util.UUID;

/**
 * Turns every error into {@code application/problem+json}: the API's own {@link ApiProblem}s,
 * Spring MVC's (415, 405, 404 for unknown paths, unreadable parameters) and anything unexpected,
 * which is logged and answered with a 500 that shows no internals.
 */
@RestControllerAdvice
class ApiProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemAdvice.class);

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, WebRequest request) throws Exception {
        log.error("Unexpected error answering {}", request.getDescription(false), e);
        var problem = ApiProblem.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on Lineup's side; the error was logged.", List.of());
        return handleExceptionInternal(e, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        String message = e.getRequiredType() == UUID.class ? "must be a UUID such as 0195f3c2-7b1e-7c3a-9d4e-2f6a8b0c1d2e"
                : e.getRequiredType() == int.class || e.getRequiredType() == Integer.class ? "must be a whole number"
                : "has the wrong type";
        var problem = ApiProblem.problem(status, "The request has an invalid field: " + field + ".", List.of(new FieldError(field, message)));
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        String field = e.getParameterName();
        var problem = ApiProblem.problem(status, "The request is missing " + field + ".", List.of(new FieldError(field, "is required")));
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        var problem = ApiProblem.problem(status, "The request body is not readable JSON.",
                List.of(new FieldError("body", "is not readable JSON")));
        return handleExceptionInternal(e, problem, headers, status, request);
    }

    /** The funnel every handler above and in the superclass ends in. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem) ApiProblem.brand(problem);
        return super.createResponseEntity(body, headers, status, request);
    }
}
