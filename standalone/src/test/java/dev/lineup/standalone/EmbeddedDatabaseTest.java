package dev.lineup.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standalone's own PostgreSQL: durable, closed to other local users, and able to start after a killed JVM. */
class EmbeddedDatabaseTest {

    private static final String PASSWORD = "s3cret-for-this-test";

    @TempDir
    Path dataDir;

    @Test
    void commitsAreDurable() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedDatabase.start(dataDir.resolve("postgres"), PASSWORD);
                Connection c = connect(postgres.getPort(), PASSWORD)) {
            assertThat(setting(c, "fsync")).isEqualTo("on");
            assertThat(setting(c, "synchronous_commit")).isEqualTo("on");
        }
    }

    @Test
    void everyConnectionNeedsThePassword() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedDatabase.start(dataDir.resolve("postgres"), PASSWORD)) {
            assertThatThrownBy(() -> connect(postgres.getPort(), null))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            assertThatThrownBy(() -> connect(postgres.getPort(), "wrong"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection c = connect(postgres.getPort(), PASSWORD)) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void aServerLeftRunningByAKilledJvmIsStoppedAndItsDataKept() throws Exception {
        Path directory = dataDir.resolve("postgres");
        Process jvm = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        StartsAndWaits.class.getName(),
                        directory.toString(),
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        var out = new java.io.BufferedReader(
                new java.io.InputStreamReader(jvm.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        String line;
        int port = -1;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("port ")) {
                port = Integer.parseInt(line.substring(5).trim());
                break;
            }
        }
        assertThat(port).as("the first JVM started its database").isPositive();
        try (Connection c = connect(port, PASSWORD)) {
            c.createStatement().execute("create table kept (id int); insert into kept values (42)");
        }
        long orphanPid = Long.parseLong(
                Files.readAllLines(directory.resolve("postmaster.pid")).get(0).trim());
        jvm.destroyForcibly().waitFor(); // kill -9: the database it started keeps running and holding the directory
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

        try (EmbeddedPostgres postgres = EmbeddedDatabase.start(directory, PASSWORD);
                Connection c = connect(postgres.getPort(), PASSWORD)) {
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive))
                    .as("the orphan was stopped")
                    .isNotEqualTo(java.util.Optional.of(true));
            var rows = c.createStatement().executeQuery("select id from kept");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void aDirectoryItCannotUseFailsWithPostgresOwnReason() throws IOException {
        Path directory = dataDir.resolve("postgres");
        try (EmbeddedPostgres postgres = EmbeddedDatabase.start(directory, PASSWORD)) {
            assertThat(postgres.getPort()).isPositive();
        }
        Files.writeString(directory.resolve("PG_VERSION"), "9\n");

        assertThatThrownBy(() -> EmbeddedDatabase.start(directory, PASSWORD))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("incompatible")
                .hasMessageContaining("LINEUP_DATA_DIR");
    }

    /** A JVM that starts the standalone's database, says on which port, and waits to be killed. */
    static final class StartsAndWaits {
        public static void main(String[] args) throws InterruptedException {
            EmbeddedPostgres postgres = EmbeddedDatabase.start(Path.of(args[0]), args[1]);
            System.out.println("port " + postgres.getPort());
            System.out.flush();
            Thread.currentThread().join();
        }
    }

    private static Connection connect(int port, String password) throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) properties.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/lineup", properties);
    }

    private static String setting(Connection c, String name) throws SQLException {
        var rows = c.createStatement().executeQuery("show " + name);
        rows.next();
        return rows.getString(1);
    }
}
