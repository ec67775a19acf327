package dev.lineup.api.limits;

import dev.lineup.api.JobsApiApplication;
import dev.lineup.testing.TestDatabase;
import dev.lineup.testing.TestPostgres;
import dev.lineup.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two API processes sharing one Redis hold a producer to one rate between them, not one each. */
class RatesAcrossInstancesTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static TestRedis redis;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void twoApisOnOneRedis() {
        redis = new TestRedis();
        String database = TestPostgres.newDatabase();
        first = api(database);
        second = api(database);
    }

    @AfterAll
    static void stop() {
        if (first != null) first.close();
        if (second != null) second.close();
        if (redis != null) redis.close();
    }

    private static ConfigurableApplicationContext api(String database) {
        var properties = new java.util.ArrayList<String>();
        TestDatabase.properties(database).forEach((k, v) -> properties.add("--" + k + "=" + v));
        properties.addAll(java.util.List.of(
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--lineup.api.keys=salon:salon-key-123,warm:warm-key-123",
                "--lineup.api.limits.request-rate=4/1h",
                "--lineup.api.limits.redis-url=" + redis.url(),
                "--spring.main.banner-mode=off"));
        return new SpringApplicationBuilder(JobsApiApplication.class).run(properties.toArray(String[]::new));
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext api) throws Exception {
        return get(api, "salon-key-123");
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext api, String key) throws Exception {
        String port = api.getEnvironment().getProperty("local.server.port");
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/job-types"))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRateIsSharedNotDoubled() throws Exception {
        // each process connects to Redis on its first limited request; a slow first connect falls back to local buckets
        // for a while
        for (var api : java.util.List.of(first, second)) {
            await().atMost(java.time.Duration.ofMinutes(1))
                    .until(() -> get(api, "warm-key-123").statusCode() == 200
                            && api.getBean(ApiQuotas.class).shared());
        }
        assertThat(get(first).statusCode()).isEqualTo(200);
        assertThat(get(second).statusCode()).isEqualTo(200);
        assertThat(get(first).statusCode()).isEqualTo(200);
        var last = get(second);
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(last.headers().firstValue("RateLimit"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("\"requests\";r=0;"));

        for (var api : java.util.List.of(first, second)) {
            var refused = get(api);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        }
    }
}
