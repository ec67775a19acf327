package dev.lineup.dashboard;

import com.sun.net.httpserver.BasicAuthenticator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Basic auth in realm "Lineup" for one user. */
final class LineupAuthenticator extends BasicAuthenticator {

    private final byte[] username;
    private final byte[] password;

    LineupAuthenticator(String username, String password) {
        super("Lineup", StandardCharsets.UTF_8);
        this.username = username.getBytes(StandardCharsets.UTF_8);
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    @SuppressWarnings("ShortCircuitBoolean") // on purpose: see below
    public boolean checkCredentials(String username, String password) {
        // Both are compared in full (no short-circuit) in constant time, so the time taken
        // tells nothing about how much of either was right.
        boolean usernameMatches = MessageDigest.isEqual(this.username, username.getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches = MessageDigest.isEqual(this.password, password.getBytes(StandardCharsets.UTF_8));
        return usernameMatches & passwordMatches;
    }
}
