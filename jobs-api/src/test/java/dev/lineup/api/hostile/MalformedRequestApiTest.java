package dev.lineup.api.hostile;

import dev.lineup.api.ApiTestSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and malformed job requests, each answered with a problem+json 4xx naming the field or
 * limit, with nothing stored: never a 5xx, never a job that fails later for a reason its request
 * already showed.
 */
class MalformedRequestApiTest extends ApiTestSupport {

    private static final String NUL = "\\u0000";

    private static String sms(String to, String text, String extra) {
        return "{\"type\": \"sms.send\", " + extra + "\"payload\": {\"to\": \"" + to + "\", \"text\": \"" + text
                + "\"}}";
    }

    private static String sms(String extra) {
        return sms("+14155550123", "hi", extra);
    }

    private static String webhook(String payloadFields) {
        return "{\"type\": \"webhook.call\", \"payload\": {" + payloadFields + "}}";
    }

    private static String url(String url) {
        return webhook("\"url\": \"" + url + "\"");
    }

    private static String header(String name, String value) {
        return webhook("\"url\": \"https://app.example.com/h\", \"headers\": {\"" + name + "\": \"" + value + "\"}");
    }

    private static String body(String json) {
        return webhook("\"url\": \"https://app.example.com/h\", \"body\": " + json);
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String email(String fields) {
        return "{\"type\": \"email.send\", \"payload\": {\"to\": \"ada@example.com\", " + fields + "}}";
    }

    private static String manyKeys(int keys) {
        return IntStream.range(0, keys)
                .mapToObj(i -> "\"k" + i + "\": \"v\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String batch(String... items) {
        return "{\"jobs\": [" + String.join(", ", items) + "]}";
    }

    private static Arguments job(String kind, String body, int status, String field) {
        return Arguments.of(kind, "/api/v1/jobs", body, status, field);
    }

    private static Arguments inBatch(String kind, String body, int status, String field) {
        return Arguments.of(kind, "/api/v1/jobs/batch", body, status, field);
    }

    static Stream<Arguments> malformed() {
        String ok = sms("");
        List<Arguments> cases = new ArrayList<>(List.of(
                // text PostgreSQL cannot store
                job("NUL in an SMS text", sms("+14155550123", "hi" + NUL, ""), 400, "payload.text"),
                job("NUL in an SMS number", sms("+1415" + NUL + "5550123", "hi", ""), 400, "payload.to"),
                job(
                        "NUL in an email subject",
                        email("\"subject\": \"Hi" + NUL + "\", \"body\": \"b\""),
                        400,
                        "payload.subject"),
                job(
                        "NUL in an email body",
                        email("\"subject\": \"Hi\", \"body\": \"b" + NUL + "\""),
                        400,
                        "payload.body"),
                job(
                        "NUL in a template variable",
                        email("\"template\": \"appointment-reminder\", \"variables\": {\"customerName\": \"A" + NUL
                                + "\"}"),
                        400,
                        "payload.variables.customerName"),
                job(
                        "NUL in a template variable's name",
                        email("\"template\": \"welcome\", \"variables\": {\"a" + NUL + "\": \"x\"}"),
                        400,
                        "payload.variables"),
                job("NUL in a webhook header value", header("X-Booking", "42" + NUL), 400, "payload.headers.X-Booking"),
                job("NUL in a webhook URL", url("https://app.example.com/" + NUL), 400, "payload.url"),
                job("NUL in a webhook body string", body("{\"note\": \"a" + NUL + "\"}"), 400, "payload.body.note"),
                job("NUL in a webhook body key", body("{\"a" + NUL + "\": 1}"), 400, "payload.body"),
                job("NUL in an idempotency key", sms("\"idempotencyKey\": \"k" + NUL + "\", "), 400, "idempotencyKey"),
                job("NUL in a business key", sms("\"key\": \"k" + NUL + "\", "), 400, "key"),
                job("NUL in a tag", sms("\"tags\": [\"t" + NUL + "\"], "), 400, "tags"),
                job("NUL in the priority", sms("\"priority\": \"high" + NUL + "\", "), 400, "priority"),
                job("NUL in the type", "{\"type\": \"sms.send" + NUL + "\", \"payload\": {}}", 400, "type"),
                // instants outside what PostgreSQL stores
                job(
                        "runAt at the end of Java's range",
                        sms("\"runAt\": \"+999999999-12-31T23:59:59Z\", "),
                        400,
                        "runAt"),
                job(
                        "runAt at the start of Java's range",
                        sms("\"runAt\": \"-999999999-01-01T00:00:00Z\", "),
                        400,
                        "runAt"),
                job("runAt in the year 10000", sms("\"runAt\": \"+10000-01-01T00:00:00Z\", "), 400, "runAt"),
                job(
                        "expiresAt at the end of Java's range",
                        sms("\"expiresAt\": \"+999999999-12-31T23:59:59Z\", "),
                        400,
                        "expiresAt"),
                job("runAt as a huge number", sms("\"runAt\": 1e400, "), 400, "runAt"),
                // webhook URLs that could never be called
                job("a port above 65535", url("http://app.example.com:99999/h"), 400, "payload.url"),
                job("port 0", url("http://app.example.com:0/h"), 400, "payload.url"),
                job("an IPv6 port above 65535", url("http://[::1]:70000/h"), 400, "payload.url"),
                job("an unclosed IPv6 bracket", url("http://[::1/x"), 400, "payload.url"),
                job("an ftp URL", url("ftp://app.example.com/h"), 400, "payload.url"),
                job("a URL without a host", url("http:///h"), 400, "payload.url"),
                job("a URL with user info", url("https://user:secret@app.example.com/h"), 400, "payload.url"),
                job("a URL with a space in its host", url("https://app example.com/h"), 400, "payload.url"),
                job("a relative URL", url("/h"), 400, "payload.url"),
                job("a javascript URL", url("javascript:alert(1)"), 400, "payload.url"),
                job("a URL with a bad percent escape", url("https://app.example.com/%zz"), 400, "payload.url"),
                // header names and values that would split or reframe the request
                job(
                        "CR LF in a header value",
                        header("X-Note", "a\\r\\nX-Injected: 1"),
                        400,
                        "payload.headers[X-Note]"),
                job("LF in a header value", header("X-Note", "a\\nb"), 400, "payload.headers[X-Note]"),
                job("a bell in a header value", header("X-Note", "a\\u0007b"), 400, "payload.headers[X-Note]"),
                job("DEL in a header value", header("X-Note", "a\\u007fb"), 400, "payload.headers[X-Note]"),
                job("Transfer-Encoding", header("Transfer-Encoding", "chunked"), 400, "payload.headers"),
                job("transfer-encoding in lower case", header("transfer-encoding", "chunked"), 400, "payload.headers"),
                job("Content-Length", header("Content-Length", "5"), 400, "payload.headers"),
                job("Host", header("Host", "internal.example"), 400, "payload.headers"),
                job("Connection", header("Connection", "close"), 400, "payload.headers"),
                job("TE", header("TE", "trailers"), 400, "payload.headers"),
                job("a header name with a space", header("X Bad", "1"), 400, "payload.headers"),
                job("a header name with a colon", header("X:Bad", "1"), 400, "payload.headers"),
                job("an empty header name", header("", "1"), 400, "payload.headers"),
                job(
                        "an unknown method",
                        webhook("\"url\": \"https://app.example.com/h\", \"method\": \"TRACE\""),
                        400,
                        "payload.method"),
                // free-form JSON that could not be stored and read back
                job("a body nested 40 deep", body(nested(40)), 400, "payload.body"),
                job("a body nested 498 deep", body(nested(498)), 400, "payload.body"),
                job("a request nested 500 deep", body(nested(500)), 400, "body"),
                job("a body object with 1001 keys", body(manyKeys(1001)), 400, "payload.body"),
                job(
                        "a body array with 1001 elements",
                        body(IntStream.range(0, 1001).mapToObj(i -> "1").collect(Collectors.joining(",", "[", "]"))),
                        400,
                        "payload.body"),
                job("a body string of 40000 characters", body("\"" + "x".repeat(40_000) + "\""), 400, "payload.body"),
                job(
                        "an object as a template variable",
                        email("\"template\": \"welcome\", \"variables\": {\"customerName\": {\"a\": 1}}"),
                        400,
                        "payload.variables"),
                // a job only operators may enqueue
                job("report.daily from a producer", "{\"type\": \"report.daily\", \"payload\": {}}", 403, "type"),
                // one bad item fails its batch, named by index
                inBatch(
                        "NUL in the second item of a batch",
                        batch(ok, sms("+14155550123", "x" + NUL, "")),
                        400,
                        "jobs[1].payload.text"),
                inBatch(
                        "runAt out of range in a batch",
                        batch(sms("\"runAt\": \"+999999999-12-31T23:59:59Z\", "), ok),
                        400,
                        "jobs[0].runAt"),
                inBatch(
                        "a port above 65535 in a batch",
                        batch(ok, url("http://app.example.com:99999/h")),
                        400,
                        "jobs[1].payload.url"),
                inBatch(
                        "a framing header in a batch",
                        batch(ok, ok, header("Transfer-Encoding", "chunked")),
                        400,
                        "jobs[2].payload.headers"),
                inBatch(
                        "report.daily in a producer's batch",
                        batch(ok, "{\"type\": \"report.daily\", \"payload\": {}}"),
                        403,
                        "jobs[1].type")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isRefusedNamingTheFieldAndStoresNothing(String kind, String path, String body, int status, String field) {
        long before = jobRows();

        Response response = post(path, SALON, body);

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.errorFields()).as(response.body()).isNotEmpty().allSatisfy(named -> assertThat(named)
                .startsWith(field));
        assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(jobRows()).as("rows in jobrunr_jobs").isEqualTo(before);
    }
}
