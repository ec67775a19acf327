package dev.lineup.worker.sms;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Twilio's Messages API as WireMock plays it, on 127.0.0.1 and a free port. Reach it as
 * {@code localhost}: the SDK reads a four-part host such as {@code 127.0.0.1} as
 * {@code product.region.twilio.com}.
 */
final class FakeTwilio implements AutoCloseable {

    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH_TOKEN = "test-auth-token-0123456789abcdef";
    static final String FROM = "+14155550100";
    static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";

    private final WireMockServer server =
            new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

    FakeTwilio() {
        server.start();
    }

    String baseUrl() {
        return "http://localhost:" + server.port();
    }

    /** Answers every send with {@code answer}. */
    void answer(ResponseDefinitionBuilder answer) {
        server.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(answer));
    }

    void stub(MappingBuilder mapping) {
        server.stubFor(mapping);
    }

    /** The sends received, oldest first. */
    List<LoggedRequest> sends() {
        return server.findAll(postRequestedFor(urlPathEqualTo(MESSAGES)));
    }

    List<LoggedRequest> find(RequestPatternBuilder pattern) {
        return server.findAll(pattern);
    }

    void reset() {
        server.resetAll();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** 201 with the body Twilio sends for a queued message. */
    static ResponseDefinitionBuilder created(String sid, String to) {
        return aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                {"account_sid": "%1$s", "api_version": "2010-04-01", "body": "Your code is 481516",
                 "date_created": "Mon, 23 Nov 2026 21:30:00 +0000", "date_sent": null,
                 "date_updated": "Mon, 23 Nov 2026 21:30:00 +0000", "direction": "outbound-api",
                 "error_code": null, "error_message": null, "from": "%3$s", "messaging_service_sid": null,
                 "num_media": "0", "num_segments": "1", "price": null, "price_unit": "USD",
                 "sid": "%2$s", "status": "queued",
                 "subresource_uris": {"media": "/2010-04-01/Accounts/%1$s/Messages/%2$s/Media.json"},
                 "to": "%4$s", "uri": "/2010-04-01/Accounts/%1$s/Messages/%2$s.json"}
                """.formatted(ACCOUNT_SID, sid, FROM, to));
    }

    /** An error in Twilio's shape, e.g. 400 with code 21211. */
    static ResponseDefinitionBuilder error(int status, int code, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                {"code": %d, "message": "%s", "more_info": "https://www.twilio.com/docs/errors/%d", "status": %d}
                """.formatted(code, message, code, status));
    }

    /** 200 with Twilio's Messages list holding one sent message from {@link #FROM}, or none when {@code sid} is null. */
    static ResponseDefinitionBuilder listed(String sid, String to, String body) {
        String message = sid == null ? "" : """
                {"account_sid": "%1$s", "api_version": "2010-04-01", "body": "%5$s",
                 "date_created": "Mon, 23 Nov 2026 21:30:00 +0000", "date_sent": "Mon, 23 Nov 2026 21:30:01 +0000",
                 "date_updated": "Mon, 23 Nov 2026 21:30:01 +0000", "direction": "outbound-api",
                 "error_code": null, "error_message": null, "from": "%3$s", "messaging_service_sid": null,
                 "num_media": "0", "num_segments": "1", "price": "-0.00790", "price_unit": "USD",
                 "sid": "%2$s", "status": "delivered",
                 "subresource_uris": {"media": "/2010-04-01/Accounts/%1$s/Messages/%2$s/Media.json"},
                 "to": "%4$s", "uri": "/2010-04-01/Accounts/%1$s/Messages/%2$s.json"}
                """.formatted(ACCOUNT_SID, sid, FROM, to, body);
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                {"end": 0, "first_page_uri": "%1$s?PageSize=50&Page=0", "next_page_uri": null, "page": 0, "page_size": 50,
                 "previous_page_uri": null, "start": 0, "uri": "%1$s?PageSize=50&Page=0", "messages": [%2$s]}
                """.formatted(MESSAGES, message));
    }
}
