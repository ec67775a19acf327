package dev.lineup.bench;

import dev.lineup.api.JobsApiApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Lineup's jobs API on loopback, driven by concurrent producers. */
final class HttpEnqueue implements AutoCloseable {

    private static final String KEY = "bench-key-1234";
    private static final String SMS =
            "{\"type\":\"sms.send\",\"payload\":{\"to\":\"+14155550123\",\"text\":\"Your code is 481516\"}}";

    private final ConfigurableApplicationContext api;
    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    HttpEnqueue(Database db) {
        api = new SpringApplicationBuilder(JobsApiApplication.class)
                .run(
                        "--spring.datasource.url=" + db.url,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--server.address=127.0.0.1",
                        "--server.port=0",
                        "--lineup.api.keys=bench:" + KEY,
                        // the benchmark measures how fast the API stores jobs, not its limits on one producer
                        "--lineup.api.limits.request-rate=off",
                        "--lineup.api.limits.job-rate=off",
                        "--lineup.api.limits.max-waiting-jobs=100000000",
                        "--logging.level.root=WARN",
                        "--spring.main.banner-mode=off");
        baseUrl = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
    }

    /** Jobs per second when {@code clients} producers each send {@code requestsEach} requests of {@code body}. */
    double rate(int clients, int requestsEach, String path, String body, int jobsPerRequest) throws Exception {
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < requestsEach; i++) {
                        var request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                                .timeout(Duration.ofSeconds(60))
                                .header("Authorization", "Bearer " + KEY)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build();
                        var response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 202) failures.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failures.get() > 0) System.out.printf("  %d requests failed%n", failures.get());
            return (double) clients * requestsEach * jobsPerRequest / seconds;
        } finally {
            pool.shutdown();
        }
    }

    double singleJobRate(int clients, int requestsEach) throws Exception {
        return rate(clients, requestsEach, "/api/v1/jobs", SMS, 1);
    }

    double batchRate(int clients, int requestsEach, int jobsPerBatch) throws Exception {
        String batch = "{\"jobs\":[" + String.join(",", java.util.Collections.nCopies(jobsPerBatch, SMS)) + "]}";
        return rate(clients, requestsEach, "/api/v1/jobs/batch", batch, jobsPerBatch);
    }

    @Override
    public void close() {
        api.close();
    }
}
