package dev.lineup.engine.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PeriodicTaskTest {

    /** Fails its first ticks, as with the database away, then works. */
    static final class Flaky extends PeriodicTask {
        final AtomicInteger tries = new AtomicInteger();
        final AtomicInteger worked = new AtomicInteger();
        private final int failures;

        Flaky(int failures) {
            super("test-flaky", Duration.ZERO, Duration.ofMillis(10), "Testing");
            this.failures = failures;
        }

        @Override
        protected void tick() {
            if (tries.incrementAndGet() <= failures) throw new IllegalStateException("database away");
            worked.incrementAndGet();
        }
    }

    @Test
    void aTaskWhoseTicksFailKeepsTryingAndWorksAgainByItself() {
        var task = new Flaky(4);
        task.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> task.worked.get() >= 3);
            assertThat(task.tries.get()).isGreaterThanOrEqualTo(7);
        } finally {
            task.stop();
        }
    }
}
