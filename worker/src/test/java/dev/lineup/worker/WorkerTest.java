package dev.lineup.worker;

import dev.lineup.testing.TestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole worker on a fresh database, background job server running. Every class with this
 * annotation shares one context (and so one database and one job server). Retries wait 1 s
 * instead of 3 s so retry tests stay quick. Quiet hours are off: they follow the wall clock, and a
 * test must not pass by day and fail by night (DeliveriesTest covers them on a test clock).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        classes = WorkerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "server.address=127.0.0.1",
            "jobrunr.jobs.retry-back-off-time-seed=1",
            "lineup.worker.delivery.sms-quiet-hours=off",
            // the test booking app listens on loopback, which webhooks may not call by default
            "lineup.worker.webhook.allow=127.0.0.1/32"
        })
@ContextConfiguration(initializers = TestDatabase.class)
public @interface WorkerTest {}
