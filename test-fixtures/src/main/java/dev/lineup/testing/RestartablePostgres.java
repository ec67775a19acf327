package dev.lineup.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A PostgreSQL server of a test's own that can be stopped and started again on the same port
 * and data directory, the way a database restart looks to Lineup: connections refused while it
 * is down, the same address and data once it is back. Not the shared {@link TestPostgres}, which
 * every other test in the JVM uses.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    public RestartablePostgres() {
        try {
            this.dataDirectory = Files.createTempDirectory("lineup-restartable-pg");
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                this.port = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    /** Starts the server (again), on the same port with the same data. */
    public synchronized void start() {
        if (server != null) return;
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server as an operator would ({@code pg_ctl stop -m fast}): open connections are closed. */
    public synchronized void stop() {
        if (server == null) return;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    /** Creates an empty database and returns its JDBC URL, which stays valid across restarts. */
    public String newDatabase(String name) {
        try (Connection c = server.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(dataDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
