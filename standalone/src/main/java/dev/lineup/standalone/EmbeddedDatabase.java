package dev.lineup.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The standalone app's own PostgreSQL 17, with its data under {@code LINEUP_DATA_DIR/postgres}.
 *
 * <p>Three things differ from the embedded server's test defaults, each because a standalone
 * installation holds real jobs:
 * <ul>
 *   <li><b>Durable commits.</b> The embedded server starts with {@code fsync} and
 *       {@code synchronous_commit} off, made for throwaway test databases: a crash of the server
 *       then loses commits already answered 202. Both are turned on, so a 202 means the job is on
 *       disk.</li>
 *   <li><b>A password.</b> The server is created trusting every local connection; here the
 *       {@code postgres} role gets a password generated once (kept owner-only in the data
 *       directory) and the server then asks every connection for it, so no other local user can
 *       connect as the superuser.</li>
 *   <li><b>Recovery from a killed JVM.</b> The server runs detached from the JVM, so a
 *       {@code kill -9} of the JVM leaves it running and holding the data directory. The next start
 *       finds it by its {@code postmaster.pid}, stops it cleanly and goes on.</li>
 * </ul>
 */
final class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** How long a server left behind by a killed JVM gets to shut down before it is killed. */
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    /** Every connection, local socket or loopback TCP, must give the password. */
    private static final List<String> PASSWORD_ONLY_HBA = List.of(
            "# Written by Lineup: every connection to the standalone's PostgreSQL needs the password",
            "# kept in the data directory's postgres-password file.",
            "local all all scram-sha-256",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256");

    private EmbeddedDatabase() {}

    /**
     * Starts the server on {@code directory}, stopping first a server that a killed JVM left
     * running there, and makes sure the {@code lineup} database exists and every connection
     * needs {@code password}.
     */
    static EmbeddedPostgres start(Path directory, String password) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not create " + directory
                            + " for the embedded PostgreSQL; set LINEUP_DATA_DIR to a writable directory or LINEUP_DATABASE_URL to use your own PostgreSQL",
                    e);
        }
        stopOrphan(directory);
        Path serverLog = directory.resolveSibling("postgres.log");
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setConnectConfig("password", password)
                    .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                    .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException | RuntimeException e) {
            String reason = lastLines(serverLog, 5).orElse("no output from the server");
            log.error(
                    "The embedded PostgreSQL in {} did not start. Its last words ({}):\n{}",
                    directory,
                    serverLog,
                    reason);
            throw new IllegalStateException(
                    "Could not start the embedded PostgreSQL in " + directory + ": " + reason
                            + " (full output in " + serverLog
                            + "); fix the data directory, set LINEUP_DATA_DIR to another one, "
                            + "or LINEUP_DATABASE_URL to use your own PostgreSQL",
                    e);
        }
        try {
            requirePassword(postgres, directory, password);
            try (Connection c = postgres.getPostgresDatabase().getConnection()) {
                var exists = c.createStatement().executeQuery("select 1 from pg_database where datname = 'lineup'");
                if (!exists.next()) c.createStatement().execute("create database lineup");
            }
        } catch (SQLException | IOException e) {
            close(postgres);
            throw new IllegalStateException(
                    "The embedded PostgreSQL in " + directory + " started but could not be prepared: " + e.getMessage(),
                    e);
        }
        log.info(
                "Embedded PostgreSQL 17 on 127.0.0.1:{}, data in {} (fsync and synchronous commit on, password required)",
                postgres.getPort(),
                directory);
        return postgres;
    }

    /**
     * Gives the {@code postgres} role the password and makes the server ask every connection for
     * it. Done at every start, so a data directory made by an older Lineup, which trusted every
     * local connection, is closed too.
     */
    private static void requirePassword(EmbeddedPostgres postgres, Path directory, String password)
            throws SQLException, IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                var statement = c.createStatement()) {
            // a literal: ALTER ROLE takes no bind parameters; the password is base64url, so it needs no escaping
            statement.execute("alter role postgres password '" + password.replace("'", "''") + "'");
            Path hba = directory.resolve("pg_hba.conf");
            if (!Files.readAllLines(hba).equals(PASSWORD_ONLY_HBA)) {
                Files.write(hba, PASSWORD_ONLY_HBA);
                statement.execute("select pg_reload_conf()");
            }
        }
    }

    /**
     * Stops the server a killed JVM left running on {@code directory}, found by the process id on
     * the first line of its {@code postmaster.pid}. It gets {@link #ORPHAN_STOP_WAIT} to shut down
     * (a smart shutdown: its clients died with the JVM), else it is killed; either way PostgreSQL
     * recovers from its write-ahead log at the next start. A lock file whose process is gone, or
     * belongs to something that is not PostgreSQL, is left to PostgreSQL, which reports it.
     */
    static void stopOrphan(Path directory) {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) return;
        Optional<ProcessHandle> server;
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 2) return;
            long pid = Long.parseLong(lines.get(0).trim());
            Path serverDirectory = Path.of(lines.get(1).trim());
            if (!Files.exists(serverDirectory) || !Files.isSameFile(serverDirectory, directory)) return;
            server = ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p ->
                            p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return;
        }
        if (server.isEmpty()) return;
        ProcessHandle process = server.get();
        log.warn(
                "Found the embedded PostgreSQL (pid {}) still running on {}, left by a Lineup that was killed; stopping it",
                process.pid(),
                directory);
        process.destroy();
        try {
            process.onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn(
                    "It did not stop within {}; killing it (it recovers from its log at the next start)",
                    ORPHAN_STOP_WAIT);
            process.destroyForcibly();
            process.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Interrupted while stopping the PostgreSQL left running on " + directory, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not wait for the PostgreSQL left running on " + directory, e);
        }
    }

    private static Optional<String> lastLines(Path file, int count) {
        try {
            if (!Files.exists(file)) return Optional.empty();
            List<String> lines =
                    Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) return Optional.empty();
            return Optional.of(String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size())));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Could not stop the embedded PostgreSQL cleanly", e);
        }
    }
}
