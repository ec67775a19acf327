package dev.lineup.api;

import dev.lineup.testing.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API on a random port on loopback, over real HTTP, with two producers, an operator and a
 * fresh database shared by every test class that extends this (one Spring context for all of them).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = JobsApiApplication.class,
        properties = {
            "server.address=127.0.0.1",
            "lineup.api.keys=salon:salon-key-123,clinic:clinic-key-456,ops:ops-key-789",
            "lineup.api.operators=ops",
            // the limits on producers have tests of their own (ApiLimitsTest); here they would only get in the way
            "lineup.api.limits.request-rate=off",
            "lineup.api.limits.job-rate=off",
            "lineup.api.limits.producer-max-priority=salon=critical;clinic=critical"
        })
@ContextConfiguration(initializers = TestDatabase.class)
public abstract class ApiTestSupport {

    protected static final String SALON = "salon-key-123";
    protected static final String CLINIC = "clinic-key-456";
    /** The key of producer {@code ops}, an operator: it sees and acts on every producer's dead letters. */
    protected static final String OPERATOR = "ops-key-789";

    protected static final String JSON = "application/json";
    protected static final String SMS = """
            {"type": "sms.send", "payload": {"to": "+14155550123", "text": "Your code is 481516"}}""";

    protected static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    /** An answer: status, headers and the body, parsed when it is JSON. */
    protected record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return MAPPER.readTree(body);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        public List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
            return fields;
        }

        /** The message of the error naming {@code field}. */
        public String errorMessage(String field) {
            for (JsonNode e : json().path("errors")) {
                if (e.path("field").asString().equals(field))
                    return e.path("message").asString();
            }
            throw new AssertionError("no error names " + field + " in " + body);
        }
    }

    protected Response post(String path, String key, String body) {
        return send(request(path, key).header("Content-Type", JSON).POST(BodyPublishers.ofString(body)));
    }

    protected Response post(String path, String key, String contentType, BodyPublisher body) {
        return send(request(path, key).header("Content-Type", contentType).POST(body));
    }

    /** A body without Content-Length: sent chunked, so only reading it can find its size. */
    protected static BodyPublisher chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    protected Response get(String path, String key) {
        return send(request(path, key).GET());
    }

    protected Response delete(String path, String key) {
        return send(request(path, key).DELETE());
    }

    protected Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        return key == null ? builder : builder.header("Authorization", "Bearer " + key);
    }

    protected long jobRows() {
        return jdbc.sql("select count(*) from jobrunr_jobs").query(Long.class).single();
    }

    /** A problem+json answer of this status and slug, naming exactly these fields. */
    protected static void assertProblem(Response response, int status, String slug, String... fields) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asString()).isEqualTo("urn:lineup:problem:" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(response.errorFields()).containsExactlyInAnyOrder(fields);
    }
}
