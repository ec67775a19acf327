package dev.lineup.core.job;

import dev.lineup.core.catalog.CallWebhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretHeadersTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Authorization",
                "authorization",
                "Proxy-Authorization",
                "Cookie",
                "Set-Cookie",
                "X-Api-Key",
                "api_key",
                "X-Auth-Token",
                "X-Webhook-Secret",
                "X-PASSWORD",
                "X-Signature",
                "X-Session-Id",
                "X-Credentials"
            })
    void credentialHeadersAreSecret(String name) {
        assertThat(SecretHeaders.isSecret(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "Accept", "X-Booking-App", "X-Request-Id", "If-Match"})
    void otherHeadersAreNot(String name) {
        assertThat(SecretHeaders.isSecret(name)).isFalse();
    }

    @Test
    void aWebhookForViewsAndInLogsShowsStarsInPlaceOfCredentials() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer s3cr3t");
        headers.put("X-Booking-App", "demo");
        var webhook = new CallWebhook("https://salon.example/h", "POST", headers, "{\"a\":1}");

        assertThat(webhook.forViews().headers())
                .containsExactly(Map.entry("Authorization", "***"), Map.entry("X-Booking-App", "demo"));
        assertThat(webhook.forViews().url()).isEqualTo(webhook.url());
        assertThat(webhook.forViews().body()).isEqualTo(webhook.body());
        assertThat(webhook.toString()).doesNotContain("s3cr3t").contains("Authorization=***");
        assertThat(webhook.headers().get("Authorization"))
                .as("the job itself keeps the value")
                .isEqualTo("Bearer s3cr3t");
    }
}
