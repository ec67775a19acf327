package dev.lineup.engine.dispatch;

import com.zaxxer.hikari.HikariDataSource;
import dev.lineup.engine.lifecycle.OutageLog;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes this process's worker the moment a job becomes ready anywhere in the cluster.
 *
 * <p>A trigger on {@code jobrunr_jobs} sends {@code NOTIFY lineup_ready} from every transaction
 * that makes a job ENQUEUED (an enqueue, a due scheduled job, a retry). This listener holds one
 * connection of its own that LISTENs, and fetches work on each notification. When the connection drops,
 * JobRunr's poll keeps jobs moving (a lost notification delays a job, never loses it) while the
 * listener reconnects with backoff.
 */
public class ReadyJobsListener implements SmartLifecycle {

    public static final String CHANNEL = "lineup_ready";
    static final String APPLICATION_NAME = "lineup-ready-listener";
    private static final Logger log = LoggerFactory.getLogger(ReadyJobsListener.class);
    /** The longest pause between tries to listen again: the listener is back within this of the database. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final DataSource dataSource;
    private final Runnable wakeUp;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean listening = new AtomicBoolean();
    private final AtomicBoolean listenedBefore = new AtomicBoolean();
    private final AtomicLong wakeUps = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final OutageLog outage = new OutageLog(log, "Listening for ready jobs");
    private ScheduledExecutorService thread;

    public ReadyJobsListener(DataSource dataSource, Runnable wakeUp) {
        this.dataSource = dataSource;
        this.wakeUp = wakeUp;
    }

    /** Whether the listener holds a LISTENing connection now. */
    public boolean isListening() {
        return listening.get();
    }

    public long wakeUps() {
        return wakeUps.get();
    }

    /** How many times the listener connected again after losing its connection. */
    public long reconnects() {
        return reconnects.get();
    }

    @Override
    public void start() {
        if (!running.compareAndSet(false, true)) return;
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, APPLICATION_NAME);
            t.setDaemon(true);
            return t;
        });
        thread.execute(() -> listen(Duration.ofMillis(250)));
    }

    private void listen(Duration nextBackoff) {
        if (!running.get()) return;
        try (Connection c = connect();
                Statement statement = c.createStatement()) {
            statement.execute("listen " + CHANNEL);
            listening.set(true);
            if (listenedBefore.getAndSet(true)) reconnects.incrementAndGet();
            else log.info("Listening for ready jobs on channel {}", CHANNEL);
            outage.succeeded();
            wake(); // anything that became ready while we were not listening
            PGConnection pg = c.unwrap(PGConnection.class);
            while (running.get()) {
                PGNotification[] notifications = pg.getNotifications(1000);
                if (notifications != null && notifications.length > 0) wake();
            }
        } catch (SQLException | RuntimeException e) {
            if (!running.get()) return;
            listening.set(false);
            outage.failed(e, "workers poll meanwhile; next try in " + nextBackoff.toMillis() + " ms");
            Duration after =
                    nextBackoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : nextBackoff.multipliedBy(2);
            // listen() handles its own failures (it lands here again), so the future has nothing to report
            var unused = thread.schedule(() -> listen(after), nextBackoff.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        listening.set(false);
    }

    /**
     * A connection of its own, outside the pool: it is held for as long as the worker runs, and
     * a pooled one would both shrink the pool and carry LISTEN back into it.
     */
    private Connection connect() throws SQLException {
        if (dataSource instanceof HikariDataSource hikari) {
            Properties properties = new Properties();
            if (hikari.getUsername() != null) properties.setProperty("user", hikari.getUsername());
            if (hikari.getPassword() != null) properties.setProperty("password", hikari.getPassword());
            properties.setProperty("ApplicationName", APPLICATION_NAME);
            return DriverManager.getConnection(hikari.getJdbcUrl(), properties);
        }
        Connection connection = dataSource.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("set application_name = '" + APPLICATION_NAME + "'");
        }
        return connection;
    }

    private void wake() {
        wakeUps.incrementAndGet();
        try {
            wakeUp.run();
        } catch (RuntimeException e) {
            // a failed fetch is JobRunr's to report; the poll will try again
            log.debug("Wake-up fetch failed", e);
        }
    }

    @Override
    public void stop() {
        if (!running.compareAndSet(true, false)) return;
        listening.set(false);
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) thread.shutdownNow();
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Start after JobRunr's server (which starts on ApplicationReadyEvent) is at least created; stop first. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
