package dev.lineup.api.auth;

import dev.lineup.api.problem.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Lets a request through only with {@code Authorization: Bearer <key>} of a configured
 * producer, and records that producer for the controllers. A refusal is rendered by the same
 * exception handling as every other error, so it is problem+json like the rest.
 */
class ApiKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;
    private final HandlerExceptionResolver problems;
    private final AuthFailures failures;

    ApiKeyFilter(ApiKeys keys, HandlerExceptionResolver problems, AuthFailures failures) {
        this.keys = keys;
        this.problems = problems;
        this.failures = failures;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> key = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (key.isEmpty()) {
            refuse(request, response, "Send your API key as 'Authorization: Bearer <key>'.");
            return;
        }
        Optional<String> producer = keys.producerOf(key.get());
        if (producer.isEmpty()) {
            refuse(request, response, "The API key is not valid.");
            return;
        }
        request.setAttribute(Producer.ATTRIBUTE, new Producer(producer.get(), keys.isOperator(producer.get())));
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        OptionalLong wait = failures.failed(request.getRemoteAddr());
        ApiProblem problem = wait.isPresent()
                ? ApiProblem.tooManyRequests(
                        "Too many failed authentications from this address; try again in " + wait.getAsLong()
                                + " s (LINEUP_API_AUTH_FAILURE_RATE).",
                        "auth-failures",
                        wait.getAsLong())
                : ApiProblem.unauthorized(detail);
        if (problems.resolveException(request, response, null, problem) == null) {
            // no resolver took it: still refuse, with the challenge but a bare body
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"lineup\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        }
    }

    private static Optional<String> bearerToken(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) return Optional.empty();
        String token = header.substring(BEARER.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
