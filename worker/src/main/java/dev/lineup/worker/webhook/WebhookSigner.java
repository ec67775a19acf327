package dev.lineup.worker.webhook;

import dev.lineup.worker.producer.ProducerDefaults;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Signs webhooks the Standard Webhooks way (https://www.standardwebhooks.com): the receiver gets
 * {@code webhook-id} (the job id, the same on every retry), {@code webhook-timestamp} (this
 * attempt's Unix seconds) and {@code webhook-signature}: {@code v1,} and the base64 HMAC-SHA256 of
 * {@code id.timestamp.body} under the producer's secret. With two secrets configured (a rotation),
 * both signatures are sent, space-separated, and the receiver accepts either.
 *
 * <p>Secrets come from {@code LINEUP_PRODUCER_WEBHOOK_SECRETS}, the same {@code producer=value;...}
 * list as the other per-producer settings; the value is one {@code whsec_} secret, or two
 * separated by {@code ,} (the new one first) while receivers move to the new one.
 *
 * @param secrets each producer's HMAC keys, already decoded
 */
@ConfigurationProperties("lineup.worker.producers")
public record WebhookSigner(Map<String, List<byte[]>> secrets) {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";
    /** The headers only Lineup sets; a producer's own are dropped. */
    static final Set<String> HEADERS = Set.of(ID, TIMESTAMP, SIGNATURE);

    private static final String VARIABLE = "LINEUP_PRODUCER_WEBHOOK_SECRETS";
    private static final String PREFIX = "whsec_";

    @ConstructorBinding
    public WebhookSigner(String webhookSecrets) {
        this(ProducerDefaults.secretPairs(VARIABLE, webhookSecrets, WebhookSigner::keys));
    }

    public WebhookSigner {
        secrets = Map.copyOf(secrets);
    }

    /** No producer signs. */
    static WebhookSigner none() {
        return new WebhookSigner(Map.of());
    }

    /** The {@code webhook-signature} value for this producer, or empty when it has no secret. */
    Optional<String> signature(String producer, String id, long timestampSeconds, byte[] body) {
        List<byte[]> keys = secrets.get(producer);
        if (keys == null) return Optional.empty();
        List<String> signatures = new ArrayList<>();
        for (byte[] key : keys) {
            signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(key, id, timestampSeconds, body)));
        }
        return Optional.of(String.join(" ", signatures));
    }

    boolean signs(String producer) {
        return secrets.containsKey(producer);
    }

    private static byte[] hmac(byte[] key, String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static List<byte[]> keys(String value) {
        List<byte[]> keys = new ArrayList<>();
        for (String secret : value.split(",")) {
            keys.add(key(secret.strip()));
        }
        if (keys.size() > 2) {
            throw new IllegalArgumentException(
                    "at most two secrets (the new one, then the old one) are active at once");
        }
        return List.copyOf(keys);
    }

    private static byte[] key(String secret) {
        // never echo the secret itself in the error
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX + " followed by base64 "
                    + "(e.g. whsec_ and the output of: openssl rand -base64 32)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the part after " + PREFIX + " is not valid base64", e);
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException("a webhook secret holds 24 to 64 random bytes; this one holds "
                    + key.length + " (make one with: openssl rand -base64 32)");
        }
        return key;
    }

    /** Leaves the keys out, so logging the settings cannot leak them. */
    @Override
    public String toString() {
        return "WebhookSigner[producers=" + new java.util.TreeSet<>(secrets.keySet()) + "]";
    }
}
