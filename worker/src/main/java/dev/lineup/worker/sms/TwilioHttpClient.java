package dev.lineup.worker.sms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.exception.ApiException;
import com.twilio.exception.RestException;
import com.twilio.http.HttpMethod;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Twilio's own HTTP client, changed in three ways:
 * <ul>
 *   <li><b>One HTTP request per call.</b> The SDK retries every 5xx up to three times and
 *       Apache httpclient5 retries 429 and 503 once more: one send could become six POSTs, and a
 *       5xx that came after Twilio accepted the message a duplicate SMS. Here every retry is
 *       Lineup's own, counted as a job attempt.</li>
 *   <li><b>Our timeouts.</b> The SDK puts its own per-request settings (30.5 s to connect, no
 *       limit on the answer) on every request, over the client's defaults; an interceptor puts
 *       ours back.</li>
 *   <li><b>A base URL.</b> The SDK hard-codes {@code https://api.twilio.com}; each request is
 *       moved onto the configured base URL, keeping its path, query, form, headers and auth.</li>
 * </ul>
 */
class TwilioHttpClient extends NetworkHttpClient implements AutoCloseable {

    /** The most calls in flight to Twilio at once: more than the worker's threads by default. */
    private static final int MAX_CONNECTIONS = 50;

    /** Jackson 2, as the SDK reads its JSON with it. */
    private static final ObjectMapper SDK_JSON = new ObjectMapper();

    /** Scheme, host, port and any path prefix, without a trailing slash. */
    private final String baseUrl;

    TwilioHttpClient(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
        super(builder(connectTimeout, readTimeout));
        this.baseUrl = requireHttpUrl(baseUrl).toString().replaceAll("/+$", "");
    }

    private static HttpClientBuilder builder(Duration connectTimeout, Duration readTimeout) {
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(readTimeout))
                        .build())
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .build();
        // no connect timeout here: left unset, the connection's own (above) applies
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                .setResponseTimeout(Timeout.of(readTimeout))
                .setRedirectsEnabled(false)
                .build();
        return HttpClientBuilder.create()
                // a proxy set with the JVM's https.proxyHost applies, as it does to the SDK's own client
                .useSystemProperties()
                .disableAutomaticRetries()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(timeouts)
                .addExecInterceptorFirst("lineup-timeouts", (request, scope, chain) -> {
                    scope.clientContext.setRequestConfig(timeouts);
                    return chain.proceed(request, scope);
                });
    }

    private static URI requireHttpUrl(URI baseUrl) {
        boolean http = "http".equalsIgnoreCase(baseUrl.getScheme()) || "https".equalsIgnoreCase(baseUrl.getScheme());
        if (!http || baseUrl.getHost() == null || baseUrl.getQuery() != null || baseUrl.getFragment() != null) {
            throw new IllegalStateException("lineup.worker.sms.twilio.base-url must be an http or https URL such as "
                    + "https://api.twilio.com, not '" + baseUrl + "'; set LINEUP_TWILIO_BASE_URL");
        }
        return baseUrl;
    }

    /** Exactly one request: the SDK's retry loop is not used. */
    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    /** Exactly one request, whatever the SDK asks for. */
    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        return readableError(super.makeRequest(rebased(request)));
    }

    /**
     * An error answer not in Twilio's JSON shape (an empty 503, a proxy's HTML page) reaches the
     * SDK as an unreadable body, and its exception loses the status: whether to retry could not
     * be told. Such an answer fails here, as the SDK's own exception, with its status.
     */
    private static Response readableError(Response response) {
        int status = response.getStatusCode();
        if (status < 400) return response;
        String body = response.getContent();
        if (isTwilioError(body)) return new Response(body, status, response.getHeaders());
        String shown = body.strip().replaceAll("\\s+", " ");
        throw new ApiException(
                shown.isEmpty()
                        ? "no body"
                        : "not Twilio's error body: " + (shown.length() > 200 ? shown.substring(0, 200) + "…" : shown),
                status);
    }

    /** Whether the SDK reads the body as an error with a status, as it does Twilio's own. */
    private static boolean isTwilioError(String body) {
        try {
            RestException error =
                    RestException.fromJson(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), SDK_JSON);
            return error != null && error.getStatus() != null && error.getStatus() > 0;
        } catch (ApiException e) {
            return false;
        }
    }

    private Request rebased(Request original) {
        // the path as the SDK encodes it; the query is added back from the parameters
        var request = new FixedUrlRequest(
                original.getMethod(), baseUrl + original.constructURL().getPath());
        original.getQueryParams()
                .forEach((name, values) -> values.forEach(value -> request.addQueryParam(name, value)));
        original.getPostParams().forEach((name, values) -> values.forEach(value -> request.addPostParam(name, value)));
        original.getHeaderParams()
                .forEach((name, values) -> values.forEach(value -> request.addHeaderParam(name, value)));
        request.setFormParameters(original.getFormParameters());
        if (original.getAuthStrategy() != null) {
            request.setAuth(original.getAuthStrategy());
        } else {
            request.setAuth(original.getUsername(), original.getPassword());
        }
        request.setContentType(original.getContentType());
        request.setBody(original.getBody());
        request.setUserAgentExtensions(original.getUserAgentExtensions());
        return request;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /**
     * A request sent to its URL as given. The SDK's own URL building reads a host of four or more
     * dot-separated parts as {@code product.region.twilio.com} and rebuilds it, which would
     * mangle a gateway's host name.
     */
    private static final class FixedUrlRequest extends Request {

        FixedUrlRequest(HttpMethod method, String url) {
            super(method, url);
        }

        @Override
        protected String buildURL() {
            return url;
        }
    }
}
