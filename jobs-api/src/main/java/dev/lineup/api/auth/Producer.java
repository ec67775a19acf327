package dev.lineup.api.auth;

/**
 * The producer whose API key came with the request. Declare it as a controller method parameter
 * to get it; every {@code /api/**} request that reaches a controller has one.
 *
 * @param operator the producer is listed in {@code LINEUP_API_OPERATORS}: it may see and act on
 *                 every producer's dead letters, not only its own
 */
public record Producer(String name, boolean operator) {

    static final String ATTRIBUTE = Producer.class.getName();

    /** A producer that is not an operator. */
    public Producer(String name) {
        this(name, false);
    }
}
