package dev.lineup.api.auth;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * The producer whose API key came with the request. Declare it as a controller method parameter
 * to get it; every {@code /api/**} request that reaches a controller has one.
 *
 * @param operator the producer is listed in {@code LINEUP_API_OPERATORS}: it may see and act on
 *                 every producer's dead letters, not only its own
 */
public record Producer(String name, boolean operator) {

    static final String ATTRIBUTE = Producer.class.getName();

    /** The producer the API key filter found for {@code request}, if it let the request through. */
    public static Optional<Producer> of(HttpServletRequest request) {
        return Optional.ofNullable((Producer) request.getAttribute(ATTRIBUTE));
    }

    /** A producer that is not an operator. */
    public Producer(String name) {
        this(name, false);
    }
}
