package dev.lineup.api.auth;

import java.util.OptionalLong;

/** Slows down a client address that keeps failing to authenticate. */
@FunctionalInterface
public interface AuthFailures {

    /** The order of the API key filter among the servlet filters; filters that need the producer come after it. */
    int FILTER_ORDER = org.springframework.core.Ordered.LOWEST_PRECEDENCE - 100;

    /**
     * Counts one failed authentication from {@code address}.
     *
     * @return the seconds the address must wait before it may try again, when it failed too often
     */
    OptionalLong failed(String address);
}
