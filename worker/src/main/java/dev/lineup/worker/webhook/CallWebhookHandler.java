package dev.lineup.worker.webhook;

import dev.lineup.core.catalog.CallWebhook;
import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.WorkerProperties;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Runs {@code webhook.call}: one HTTP request to the booking app, carrying the job id in
 * {@code X-Lineup-Job-Id} and the Standard Webhooks headers ({@code webhook-id} = the job id,
 * {@code webhook-timestamp}, and {@code webhook-signature} when the producer has a secret, see
 * {@link WebhookSigner}), so the app can tell a retry from a new call and Lineup from a stranger.
 *
 * <p>The call only goes where the {@link EgressPolicy} allows: a host resolving to an internal
 * address fails for good before any connection is made ({@link PermanentFailure}), and the
 * client connects only to the addresses that were checked ({@link PinnedResolver}).
 *
 * <p>A 2xx answer succeeds. 408, 425, 429, 5xx, timeouts and connection failures throw an
 * {@link IOException}, which JobRunr retries. Any other answer (3xx, since redirects are not
 * followed, and 4xx) is the app saying the call is wrong: {@link PermanentFailure}, no retries.
 * The failure message quotes at most the first {@value BodySnippet#LIMIT} bytes of the answer,
 * control characters removed.
 */
@Component
class CallWebhookHandler implements JobHandler<CallWebhook>, DisposableBean {

    private static final Logger LOGGER = LoggerFactory.getLogger(CallWebhookHandler.class);

    static final String JOB_ID_HEADER = "X-Lineup-Job-Id";
    static final String USER_AGENT = "Lineup/"
            + Optional.ofNullable(CallWebhookHandler.class.getPackage().getImplementationVersion())
                    .orElse("0.1");

    private static final Set<Integer> RETRYABLE_4XX = Set.of(408, 425, 429);
    /** Set by Lineup or by the HTTP client from the body; a producer's value could split the request. */
    private static final Set<String> LINEUP_HEADERS = Set.of(
            "user-agent",
            JOB_ID_HEADER.toLowerCase(Locale.ROOT),
            "host",
            "content-length",
            "transfer-encoding",
            "connection",
            "upgrade",
            "expect",
            "te",
            "trailer",
            "keep-alive");

    private final PinnedResolver resolver;
    private final WebhookSigner signer;
    private final Clock clock;
    private final CloseableHttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    /** The longest a whole call may take: connecting, then the answer, body included. */
    private final Duration wholeCallTimeout;

    CallWebhookHandler(WorkerProperties properties, WebhookSigner signer, Clock clock) {
        this.connectTimeout = properties.webhook().connectTimeout();
        this.readTimeout = properties.webhook().readTimeout();
        this.wholeCallTimeout = connectTimeout.plus(readTimeout);
        this.signer = signer;
        this.clock = clock;
        EgressPolicy policy = EgressPolicy.allowing(properties.webhook().allow());
        String allowed = policy.describeAllowlist();
        if (!allowed.isEmpty()) {
            LOGGER.info("Webhooks may call these internal destinations (LINEUP_WEBHOOK_ALLOW): {}", allowed);
        }
        this.resolver = new PinnedResolver(policy);
        var tls = RegistryBuilder.<TlsSocketStrategy>create()
                .register("https", DefaultClientTlsStrategy.createDefault())
                .build();
        var operator =
                new DefaultHttpClientConnectionOperator(resolver, DefaultSchemePortResolver.INSTANCE, resolver, tls);
        var connections = new PoolingHttpClientConnectionManager(
                operator, PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, TimeValue.ofMinutes(1), null);
        connections.setMaxTotal(200);
        connections.setDefaultMaxPerRoute(50);
        connections.setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(connectTimeout))
                .setSocketTimeout(Timeout.of(readTimeout))
                .build());
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(readTimeout))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .build();
    }

    @Override
    public Class<CallWebhook> jobClass() {
        return CallWebhook.class;
    }

    @Override
    public void handle(CallWebhook job, RunContext run) throws IOException, InterruptedException {
        var request = request(job, run);
        var snippet = new BodySnippet();
        long deadline = System.nanoTime() + wholeCallTimeout.toNanos();
        int status;
        try {
            status = client.execute(request, response -> {
                if (response.getEntity() != null) {
                    try (InputStream body = response.getEntity().getContent()) {
                        snippet.drain(body, deadline, wholeCallTimeout);
                    }
                }
                return response.getCode();
            });
        } catch (PinnedResolver.RefusedDestination e) {
            throw new PermanentFailure(e.getMessage(), e);
        } catch (HttpTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (Thread.interrupted()) throw new InterruptedException("webhook call interrupted");
            throw failure(e, URI.create(job.url()));
        } finally {
            resolver.endCall();
        }
        if (status >= 200 && status < 300) return;
        String answer = "webhook answered " + describe(status) + snippet.describe();
        if (status >= 500 || RETRYABLE_4XX.contains(status)) {
            throw new IOException(answer);
        }
        throw new PermanentFailure(answer);
    }

    private HttpUriRequestBase request(CallWebhook job, RunContext run) {
        URI uri;
        try {
            uri = URI.create(job.url());
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("cannot build the webhook request: " + e.getMessage(), e);
        }
        if (uri.getHost() == null) {
            throw new PermanentFailure("cannot build the webhook request: " + job.url() + " names no host");
        }
        var request = new HttpUriRequestBase(job.method(), uri);
        boolean contentTypeGiven = false;
        for (var header : job.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            // Lineup's own headers, the signature's and the message framing cannot be replaced by the producer
            if (LINEUP_HEADERS.contains(name) || WebhookSigner.HEADERS.contains(name)) continue;
            if (header.getValue().indexOf('\r') >= 0 || header.getValue().indexOf('\n') >= 0) {
                throw new PermanentFailure(
                        "cannot build the webhook request: header " + header.getKey() + " holds a line break");
            }
            contentTypeGiven |= name.equals("content-type");
            request.addHeader(header.getKey(), header.getValue());
        }
        byte[] body = job.body() == null ? new byte[0] : job.body().getBytes(StandardCharsets.UTF_8);
        String id = run.jobId().toString();
        long timestamp = clock.instant().getEpochSecond();
        request.addHeader("User-Agent", USER_AGENT);
        request.addHeader(JOB_ID_HEADER, id);
        request.addHeader(WebhookSigner.ID, id);
        request.addHeader(WebhookSigner.TIMESTAMP, Long.toString(timestamp));
        signer.signature(run.producer(), id, timestamp, body)
                .ifPresent(signature -> request.addHeader(WebhookSigner.SIGNATURE, signature));
        if (job.body() != null) {
            ContentType type = contentTypeGiven ? null : ContentType.APPLICATION_JSON;
            if (!contentTypeGiven) request.addHeader("Content-Type", "application/json");
            request.setEntity(new ByteArrayEntity(body, type));
        }
        return request;
    }

    private static int port(URI uri) {
        int port = uri.getPort();
        return port != -1 ? port : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private IOException failure(IOException failure, URI uri) {
        String host = uri.getHost();
        if (failure instanceof ConnectTimeoutException) {
            return new IOException(
                    "could not connect to " + host + " within " + connectTimeout.toMillis() + " ms", failure);
        }
        if (failure instanceof SocketTimeoutException) {
            return new IOException("webhook did not answer within " + readTimeout.toMillis() + " ms", failure);
        }
        if (failure instanceof ConnectException) {
            return new IOException("could not connect to " + host + ":" + port(uri) + ": connection refused", failure);
        }
        return new IOException("webhook call to " + host + " failed: " + failure, failure);
    }

    private static String describe(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? String.valueOf(status) : status + " " + known.getReasonPhrase();
    }

    @Override
    public void destroy() throws IOException {
        client.close();
    }
}
