package dev.lineup.core.catalog;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.lineup.core.job.Priority;
import dev.lineup.core.job.SecretHeaders;
import dev.lineup.core.run.LineupJob;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;
import java.util.Map;

/**
 * {@code webhook.call}: one HTTP request to the booking app, e.g. to run its own cleanup on a
 * schedule. A 2xx answer succeeds; 408, 425, 429, 5xx, timeouts and connection failures are
 * retried; any other answer fails at once without retrying.
 *
 * @param url     an absolute http or https URL with a valid host and a port from 1 to 65535
 * @param method  GET, POST, PUT, PATCH or DELETE; POST when absent
 * @param headers request headers; Content-Type defaults to application/json when a body is sent.
 *                Values of credential headers ({@link SecretHeaders}) are shown as {@code ***} in
 *                every view; a signed webhook needs none (see the {@code webhook-signature} header)
 * @param body    any JSON value, sent as the request body
 */
public record CallWebhook(
        @NotBlank @Size(max = 2048) @WebhookUrl String url,

        @Pattern(regexp = "^(GET|POST|PUT|PATCH|DELETE)$", message = "must be one of GET, POST, PUT, PATCH, DELETE")
        String method,

        @Size(max = 30)
        Map<
                        @Pattern(
                                regexp =
                                        "^(?!(?i:connection|content-length|expect|host|keep-alive|proxy-connection|te|trailer|transfer-encoding|upgrade)$)[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$",
                                message =
                                        "must be a header name other than the framing headers Connection, Content-Length, Expect, Host, "
                                                + "Keep-Alive, Proxy-Connection, TE, Trailer, Transfer-Encoding or Upgrade")
                        String,
                        @NotNull @Size(max = 4096)
                        @Pattern(
                                regexp = "^[^\\x00-\\x08\\x0A-\\x1F\\x7F]*$",
                                message = "must not contain CR, LF or other control characters")
                        String>
                headers,

        @JsonRawValue @JsonDeserialize(using = RawJson.Deserializer.class)
        String body)
        implements LineupJob {

    public static final JobType<CallWebhook> TYPE = new JobType<>(
            "webhook.call",
            CallWebhook.class,
            Priority.NORMAL,
            new RetryPolicy(10, Duration.ofSeconds(10), Duration.ofHours(1)),
            Duration.ofMinutes(2),
            "Calls one of the booking app's URLs with an optional JSON body.");

    public CallWebhook {
        method = method == null ? "POST" : method;
        headers = headers == null ? Map.of() : headers;
    }

    /** Credentials in {@code headers} shown as {@code ***}; see {@link SecretHeaders}. */
    @Override
    public CallWebhook forViews() {
        return new CallWebhook(url, method, SecretHeaders.redact(headers), body);
    }

    /** Like the record's own, with secret header values redacted: this is what logs print. */
    @Override
    public String toString() {
        return "CallWebhook[url=" + url + ", method=" + method + ", headers=" + SecretHeaders.redact(headers)
                + ", body=" + (body == null ? null : body.length() + " characters") + "]";
    }
}
