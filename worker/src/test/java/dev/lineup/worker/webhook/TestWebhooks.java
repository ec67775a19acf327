package dev.lineup.worker.webhook;

import dev.lineup.worker.TestWorkerProperties;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Webhook handlers built as plain objects on the shipped defaults. */
final class TestWebhooks {

    /** Lets calls reach {@link TestWebhookServer}, which listens on 127.0.0.1. */
    static final String ALLOW_TEST_APP = "lineup.worker.webhook.allow=127.0.0.1/32";

    private TestWebhooks() {}

    /** A handler that may call the test app on 127.0.0.1, and signs nothing; overrides win. */
    static CallWebhookHandler handler(String... overrides) {
        return handler(WebhookSigner.none(), overrides);
    }

    static CallWebhookHandler handler(WebhookSigner signer, String... overrides) {
        List<String> settings = new ArrayList<>(List.of(ALLOW_TEST_APP));
        settings.addAll(List.of(overrides));
        return new CallWebhookHandler(
                TestWorkerProperties.load(settings.toArray(String[]::new)), signer, Clock.systemUTC());
    }
}
