package dev.lineup.engine.dispatch;

import dev.lineup.core.catalog.CallWebhook;
import dev.lineup.core.catalog.DailyReport;
import dev.lineup.core.catalog.SendEmail;
import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.run.Drop;
import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.JobRunner;
import dev.lineup.core.run.LineupJob;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import dev.lineup.core.run.Snooze;
import dev.lineup.engine.run.JobExecution;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SMS jobs whose handler records that it started and then waits at a gate the test opens, so
 * a test can see exactly which jobs a worker took and hold its threads busy — no sleeping.
 * The text of each SMS names the job, e.g. {@code low-1}; a text that starts with
 * {@value #POISON}, {@value #PERMANENT} or {@value #HANG} makes the handler fail every time,
 * fail for good, or block until it is interrupted.
 */
final class GatedJobs {

    static final String POISON = "poison";
    static final String PERMANENT = "permanent";
    static final String HANG = "hang";
    /** Snoozes (due at once) on its first two runs, then fails every time. */
    static final String SNOOZE_THEN_POISON = "snooze-then-poison";

    static final String DROP = "drop";

    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> finished = new CopyOnWriteArrayList<>();
    final List<String> interrupted = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    /** The attempt number each run of a job was told, by text. */
    final Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();

    private final Semaphore gate = new Semaphore(0);
    private final Validator validator =
            Validation.buildDefaultValidatorFactory().getValidator();

    /** Lets this many waiting (or future) jobs finish. */
    void release(int jobs) {
        gate.release(jobs);
    }

    /** Lets every job finish from now on. */
    void open() {
        gate.release(1_000_000);
    }

    List<String> running() {
        return started.stream().filter(text -> !finished.contains(text)).toList();
    }

    JobRunner runner() {
        JobHandler<SendSms> sms = new JobHandler<>() {
            @Override
            public Class<SendSms> jobClass() {
                return SendSms.class;
            }

            @Override
            public void handle(SendSms job, RunContext context) throws InterruptedException {
                runs.computeIfAbsent(job.text(), t -> new AtomicInteger()).incrementAndGet();
                started.add(job.text());
                attempts.computeIfAbsent(job.text(), t -> new CopyOnWriteArrayList<>())
                        .add(context.attempt());
                if (job.text().startsWith(SNOOZE_THEN_POISON)) {
                    int snoozes =
                            context.memo().get("snoozes").map(Integer::parseInt).orElse(0);
                    if (snoozes < 2) {
                        context.memo().put("snoozes", Integer.toString(snoozes + 1));
                        throw new Snooze(Instant.now(), "test snooze " + (snoozes + 1));
                    }
                    throw new IllegalStateException("poisoned after snoozing, attempt " + context.attempt());
                }
                if (job.text().startsWith(DROP)) throw new Drop("over the test's cap");
                if (job.text().startsWith(POISON))
                    throw new IllegalStateException("poisoned, attempt " + context.attempt());
                if (job.text().startsWith(PERMANENT)) throw new PermanentFailure("no such number");
                try {
                    if (job.text().startsWith(HANG)) new CountDownLatch(1).await();
                    gate.acquire();
                } catch (InterruptedException e) {
                    interrupted.add(job.text());
                    throw e;
                }
                finished.add(job.text());
            }
        };
        return new JobRunner(new JobExecution(
                List.of(sms, noop(SendEmail.class), noop(CallWebhook.class), noop(DailyReport.class)), validator));
    }

    private static <J extends LineupJob> JobHandler<J> noop(Class<J> type) {
        return new JobHandler<>() {
            @Override
            public Class<J> jobClass() {
                return type;
            }

            @Override
            public void handle(J job, RunContext context) {}
        };
    }
}
