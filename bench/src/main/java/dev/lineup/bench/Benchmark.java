package dev.lineup.bench;

import dev.lineup.core.job.Priority;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Plain JobRunr and Lineup side by side, in one run, on one PostgreSQL 17 with durable
 * settings, with no-op jobs so that only the queue is measured. Writes a Markdown table.
 *
 * <p>Run with {@code ./mvnw -Pbench -pl bench -am verify -DskipTests}. Servers bind to
 * 127.0.0.1 and everything stops by itself.
 */
public final class Benchmark {

    static final int IDLE_SAMPLES = Integer.getInteger("bench.idleSamples", 200);
    static final int BACKLOG = Integer.getInteger("bench.backlog", 50_000);
    static final int CRITICAL_SAMPLES = Integer.getInteger("bench.criticalSamples", 200);
    static final List<Integer> FETCH_BACKLOGS = List.of(10_000, 100_000, 1_000_000);
    static final Duration PATIENCE = Duration.ofMinutes(10);
    /** {@code -Dbench.only=a} runs one measure (a to e) instead of all. */
    static final String ONLY = System.getProperty("bench.only", "abcde");

    private final Map<String, Map<String, String>> rows = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args.length > 0 ? args[0] : "bench/results");
        new Benchmark().run(results);
        System.exit(0);
    }

    private void put(String measure, Subject subject, String value) {
        rows.computeIfAbsent(measure, m -> new LinkedHashMap<>())
                .put(subject == null ? "Lineup" : subject.name(), value);
        System.out.printf("%-60s %-14s %s%n", measure, subject == null ? "Lineup" : subject.name(), value);
    }

    void run(Path results) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start()) {
            String version;
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("create database plain");
                c.createStatement().execute("create database lineup");
                var rs = c.createStatement().executeQuery("show server_version");
                rs.next();
                version = rs.getString(1);
            }
            try (var plainDb = new Database(url(pg, "plain"));
                    var lineupDb = new Database(url(pg, "lineup"))) {
                List<Subject> subjects = List.of(new PlainJobRunr(plainDb), new LineupSubject(lineupDb));
                for (Subject subject : subjects) {
                    System.out.println("== " + subject.name());
                    if (ONLY.contains("a")) idleLatency(subject);
                    if (ONLY.contains("c")) drain(subject);
                    if (ONLY.contains("b")) criticalBehindBacklog(subject);
                    if (ONLY.contains("d")) singleEnqueue(subject);
                    if (ONLY.contains("e")) fetchTimes(subject);
                    subject.clear();
                }
                if (ONLY.contains("d")) httpEnqueue(lineupDb, subjects.get(1));
                subjects.forEach(Subject::close);
            }
            write(results, version);
        }
    }

    private static String url(EmbeddedPostgres pg, String database) {
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + database;
    }

    /** (a) One job at a time on an idle worker, 25 ms apart, after 50 unmeasured ones to warm the JVM up. */
    private void idleLatency(Subject subject) {
        subject.clear();
        subject.startWorker();
        List<UUID> warmUp = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            warmUp.add(subject.enqueueOne(Priority.HIGH));
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
        }
        subject.recorder().awaitStarted(warmUp, PATIENCE);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < IDLE_SAMPLES; i++) {
            ids.add(subject.enqueueOne(Priority.HIGH));
            LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
        }
        subject.recorder().awaitStarted(ids, PATIENCE);
        var latencies = subject.recorder().latenciesMillis(ids);
        put(
                "(a) idle enqueue → start, p50 / p99 (" + IDLE_SAMPLES + " jobs)",
                subject,
                ms(Recorder.percentile(latencies, 50)) + " / " + ms(Recorder.percentile(latencies, 99)));
        subject.stopWorker();
    }

    /** (c) The time one worker of 16 threads takes to run a backlog of no-op jobs. */
    private void drain(Subject subject) {
        subject.clear();
        subject.enqueueBatch(BACKLOG, Priority.NORMAL);
        long start = System.nanoTime();
        subject.startWorker();
        boolean all = subject.recorder().awaitRuns(BACKLOG, PATIENCE);
        double seconds = (System.nanoTime() - start) / 1e9;
        put(
                "(c) drain " + String.format("%,d", BACKLOG) + " no-op jobs (16 threads)",
                subject,
                (all ? "" : "timed out, ")
                        + String.format("%,.0f jobs/s", subject.recorder().runs.get() / seconds));
        subject.stopWorker();
    }

    /** (b) Critical jobs enqueued 20 ms apart while a worker drains a large low-priority backlog. */
    private void criticalBehindBacklog(Subject subject) {
        subject.clear();
        subject.enqueueBatch(BACKLOG, Priority.LOW);
        subject.startWorker();
        subject.recorder().awaitRuns(1000, PATIENCE);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < CRITICAL_SAMPLES; i++) {
            ids.add(subject.enqueueOne(Priority.CRITICAL));
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        boolean all = subject.recorder().awaitStarted(ids, PATIENCE);
        var latencies = subject.recorder().latenciesMillis(ids);
        put(
                "(b) critical start behind " + String.format("%,d", BACKLOG) + " low jobs, p50 / p99",
                subject,
                (all ? "" : "not all started, ") + ms(Recorder.percentile(latencies, 50)) + " / "
                        + ms(Recorder.percentile(latencies, 99)));
        subject.stopWorker();
    }

    /** Library-level single enqueue, sequential: one INSERT and commit per job. */
    private void singleEnqueue(Subject subject) {
        subject.clear();
        int count = 2000;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) subject.enqueueOne(Priority.NORMAL);
        double seconds = (System.nanoTime() - start) / 1e9;
        put(
                "single enqueue in-process, sequential (" + count + " jobs)",
                subject,
                String.format("%,.0f jobs/s", count / seconds));
    }

    /** (e) The time one fetch of 16 jobs takes with 10k, 100k and 1M jobs waiting. */
    private void fetchTimes(Subject subject) {
        subject.clear();
        int filled = 0;
        for (int backlog : FETCH_BACKLOGS) {
            subject.fill(backlog - filled);
            filled = backlog;
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 25; i++) times.add(subject.timeOneFetch(16).toNanos() / 1e6);
            times.sort(Double::compare);
            put(
                    "(e) fetch of 16 jobs, median of 25, with " + String.format("%,d", backlog) + " waiting",
                    subject,
                    ms(Recorder.percentile(times, 50)));
        }
        // the same backlog from 100 producers: the fetch takes turns, and must not cost more for it
        if (subject.spreadOverProducers(100)) {
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 25; i++) times.add(subject.timeOneFetch(16).toNanos() / 1e6);
            times.sort(Double::compare);
            put(
                    "(e) fetch of 16 jobs, median of 25, with " + String.format("%,d", filled)
                            + " waiting from 100 producers",
                    subject,
                    ms(Recorder.percentile(times, 50)));
        }
    }

    /** (d) Enqueue through Lineup's HTTP API; JobRunr OSS has none. */
    private void httpEnqueue(Database db, Subject lineup) throws Exception {
        lineup.clear();
        try (var api = new HttpEnqueue(db)) {
            api.singleJobRate(8, 50); // warm-up
            put(
                    "(d) HTTP single-job requests, 32 concurrent clients",
                    null,
                    String.format("%,.0f jobs/s", api.singleJobRate(32, 300)));
            put(
                    "(d) HTTP batch requests of 1,000 jobs, 4 concurrent clients",
                    null,
                    String.format("%,.0f jobs/s", api.batchRate(4, 10, 1000)));
        }
    }

    private static String ms(double millis) {
        return Double.isNaN(millis)
                ? "n/a"
                : millis >= 100 ? String.format("%,.0f ms", millis) : String.format("%.1f ms", millis);
    }

    private void write(Path results, String version) throws Exception {
        var out = new StringBuilder();
        out.append("# Lineup benchmark, ")
                .append(LocalDate.now(ZoneId.systemDefault()))
                .append("\n\n");
        out.append(String.format(
                "Machine: %d cores, %.0f GiB heap max for the benchmark JVM, %s %s. PostgreSQL %s (embedded, same machine, fsync on, synchronous_commit on), ",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1073741824.0,
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                version));
        out.append(
                        "pool of 20 connections per system, one worker of 16 threads polling every 5 s, no-op jobs. One run; ")
                .append(
                        "the machine is shared, so compare the columns with each other rather than with other runs.\n\n");
        out.append("| measure | JobRunr 8.7.0 | Lineup |\n| --- | --- | --- |\n");
        Function<String, String> cell = s -> s == null ? "—" : s;
        rows.forEach((measure, values) -> out.append("| ")
                .append(measure)
                .append(" | ")
                .append(cell.apply(values.get("JobRunr 8.7.0")))
                .append(" | ")
                .append(cell.apply(values.get("Lineup")))
                .append(" |\n"));
        Files.createDirectories(results);
        Files.writeString(results.resolve("latest.md"), out.toString());
        System.out.println();
        System.out.println(out);
    }
}
