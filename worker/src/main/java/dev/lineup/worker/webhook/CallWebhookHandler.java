package dev.lineup.worker.webhook;

import dev.lineup.core.catalog.CallWebhook;
import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.WorkerProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code webhook.call}: one HTTP request to the booking app, carrying the job id in
 * {@code X-Lineup-Job-Id} so the app can tell a retry from a new call.
 *
 * <p>A 2xx answer succeeds. 408, 425, 429, 5xx, timeouts and connection failures throw an
 * {@link IOException}, which JobRunr retries. Any other answer (3xx, since redirects are not
 * followed, and 4xx) is the app saying the call is wrong: {@link PermanentFailure}, no retries.
 */
@Component
class CallWebhookHandler implements JobHandler<CallWebhook> {

    static final String JOB_ID_HEADER = "X-Lineup-Job-Id";
    static final String USER_AGENT = "Lineup/"
            + Optional.ofNullable(CallWebhookHandler.class.getPackage().getImplementationVersion()).orElse("0.1");

    private static final Set<Integer> RETRYABLE_4XX = Set.of(408, 425, 429);

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    /** The longest a whole call may take: connecting, then the answer, body included. */
    private final Duration wholeCallTimeout;

    CallWebhookHandler(WorkerProperties properties) {
        this.connectTimeout = properties.webhook().connectTimeout();
        this.readTimeout = properties.webhook().readTimeout();
        this.wholeCallTimeout = connectTimeout.plus(readTimeout);
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Class<CallWebhook> jobClass() {
        return CallWebhook.class;
    }

    @Override
    public void handle(CallWebhook job, RunContext run) throws IOException, InterruptedException {
        HttpRequest request = request(job, run);
        var snippet = new BodySnippet();
        int status = send(request, snippet).statusCode();
        if (status >= 200 && status < 300) return;
        String answer = "webhook answered " + describe(status) + snippet.describe();
        if (status >= 500 || RETRYABLE_4XX.contains(status)) {
            throw new IOException(answer);
        }
        throw new PermanentFailure(answer);
    }

    private HttpRequest request(CallWebhook job, RunContext run) {
        try {
            var builder = HttpRequest.newBuilder(URI.create(job.url())).timeout(readTimeout);
            boolean contentTypeGiven = false;
            for (var header : job.headers().entrySet()) {
                // Lineup's own headers cannot be replaced by the producer
                if (header.getKey().equalsIgnoreCase("User-Agent") || header.getKey().equalsIgnoreCase(JOB_ID_HEADER)) continue;
                contentTypeGiven |= header.getKey().equalsIgnoreCase("Content-Type");
                builder.header(header.getKey(), header.getValue());
            }
            builder.header("User-Agent", USER_AGENT).header(JOB_ID_HEADER, run.jobId().toString());
            if (job.body() == null) {
                return builder.method(job.method(), HttpRequest.BodyPublishers.noBody()).build();
            }
            if (!contentTypeGiven) builder.header("Content-Type", "application/json");
            return builder.method(job.method(), HttpRequest.BodyPublishers.ofString(job.body())).build();
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("cannot build the webhook request: " + e.getMessage(), e);
        }
    }

    /**
     * Sends and waits for the whole answer. The request's own timeout only covers the wait for
     * the response headers, so the wait here also bounds a body that trickles in.
     */
    private HttpResponse<Void> send(HttpRequest request, BodySnippet snippet) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArrayConsumer(snippet));
        try {
            return response.get(wholeCallTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            response.cancel(true);
            throw new HttpTimeoutException("webhook did not finish answering within " + wholeCallTimeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(e.getCause(), request);
        }
    }

    private static int port(HttpRequest request) {
        int port = request.uri().getPort();
        return port != -1 ? port : "https".equalsIgnoreCase(request.uri().getScheme()) ? 443 : 80;
    }

    private IOException failure(Throwable failure, HttpRequest request) {
        String host = request.uri().getHost();
        if (failure instanceof HttpConnectTimeoutException) {
            return new IOException("could not connect to " + host + " within " + connectTimeout.toMillis() + " ms", failure);
        }
        if (failure instanceof HttpTimeoutException) {
            return new IOException("webhook did not answer within " + readTimeout.toMillis() + " ms", failure);
        }
        if (failure instanceof ConnectException) {
            // the JDK's ConnectException often has no message: say what happened instead
            String why = failure.getMessage() == null ? "connection refused" : failure.getMessage();
            return new IOException("could not connect to " + host + ":" + port(request) + ": " + why, failure);
        }
        return new IOException("webhook call to " + host + " failed: " + failure, failure);
    }

    private static String describe(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? String.valueOf(status) : status + " " + known.getReasonPhrase();
    }
}
