package dev.lineup.api.limits;

import dev.lineup.api.auth.Producer;
import dev.lineup.api.problem.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;
import java.util.Optional;

/**
 * Holds each producer to its request rate. Every answer to an authenticated {@code /api/**}
 * request carries the IETF {@code RateLimit-Policy} and {@code RateLimit} fields; a request over
 * the rate is answered 429 problem+json with {@code Retry-After} and never reaches a controller.
 * Runs after the API key filter, which names the producer.
 */
final class RequestLimitFilter extends OncePerRequestFilter {

    private final ApiQuotas quotas;
    private final HandlerExceptionResolver problems;

    RequestLimitFilter(ApiQuotas quotas, HandlerExceptionResolver problems) {
        this.quotas = quotas;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Producer> producer = Producer.of(request);
        Optional<Quota> quota = producer.flatMap(p -> quotas.request(p.name()));
        if (quota.isPresent()) {
            response.setHeader("RateLimit-Policy", quota.get().policyField());
            response.setHeader("RateLimit", quota.get().limitField());
            if (!quota.get().allowed()) {
                var refusal = ApiProblem.tooManyRequests(
                        "Producer '" + producer.get().name() + "' may make "
                                + quota.get().rate().permits()
                                + " requests per " + quota.get().rate().period()
                                + " (LINEUP_API_REQUEST_RATE); try again in "
                                + quota.get().secondsToRetry() + " s.",
                        "requests",
                        quota.get().secondsToRetry());
                problems.resolveException(request, response, null, refusal);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
