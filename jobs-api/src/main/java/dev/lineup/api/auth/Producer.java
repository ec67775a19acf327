package dev.lineup.api.auth;

/**
 * The producer whose API key came with the request. Declare it as a controller method parameter
 * to get it; every {@code /api/**} request that reaches a controller has one.
 */
public record Producer(String name) {

    static final String ATTRIBUTE = Producer.class.getName();
}
