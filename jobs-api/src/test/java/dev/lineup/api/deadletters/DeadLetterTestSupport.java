package dev.lineup.api.deadletters;

import dev.lineup.api.ApiTestSupport;
import dev.lineup.engine.enqueue.Enqueuer;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The API with fixtures for dead letters, and no dead letters from other tests. */
abstract class DeadLetterTestSupport extends ApiTestSupport {

    /** When the test dead letters fail, around; far from the real clock, so nothing else lands there. */
    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    @Autowired
    Enqueuer enqueuer;

    @Autowired
    StorageProvider storage;

    DeadLetterFixtures fixtures;

    @BeforeEach
    void noDeadLetters() {
        fixtures = new DeadLetterFixtures(enqueuer, storage, jdbc);
        fixtures.clear();
    }

    Response postWithoutBody(String path, String key) {
        return send(request(path, key).POST(BodyPublishers.noBody()));
    }

    /** The ids of a list answer's items, in order. */
    static List<String> ids(Response list) {
        assertOk(list);
        List<String> ids = new ArrayList<>();
        list.json().path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    static List<String> ids(UUID... ids) {
        return Arrays.stream(ids).map(UUID::toString).toList();
    }

    static JsonNode assertOk(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    String state(UUID id) {
        return jdbc.sql("select state from jobrunr_jobs where id = ?")
                .param(id.toString())
                .query(String.class)
                .single();
    }

    long replayRows() {
        return jdbc.sql("select count(*) from lineup_replays").query(Long.class).single();
    }
}
