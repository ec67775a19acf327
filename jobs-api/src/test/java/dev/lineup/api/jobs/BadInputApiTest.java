package dev.lineup.api.jobs;

import dev.lineup.api.ApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest.BodyPublishers;

import static org.assertj.core.api.Assertions.assertThat;

/** Every bad request gets a problem+json 4xx naming what is wrong, and stores nothing. */
class BadInputApiTest extends ApiTestSupport {

    private long rowsBefore;

    @BeforeEach
    void countRows() {
        rowsBefore = jobRows();
    }

    private void assertRejected(Response response, int status, String slug, String... fields) {
        assertProblem(response, status, slug, fields);
        assertThat(jobRows()).as("rows in jobrunr_jobs").isEqualTo(rowsBefore);
    }

    private static String sms(String extra) {
        return "{\"type\": \"sms.send\", \"payload\": {\"to\": \"+14155550123\", \"text\": \"hi\"}, " + extra + "}";
    }

    @Test
    void anUnknownTypeListsTheKnownOnes() {
        Response response = post("/api/v1/jobs", SALON, "{\"type\": \"fax.send\", \"payload\": {}}");

        assertRejected(response, 400, "invalid-request", "type");
        assertThat(response.errorMessage("type")).contains("email.send", "sms.send", "webhook.call", "report.daily");
    }

    @Test
    void everyBadPayloadFieldIsNamedAtOnce() {
        Response response = post(
                "/api/v1/jobs", SALON, "{\"type\": \"sms.send\", \"payload\": {\"to\": \"0612\", \"text\": \"\"}}");

        assertRejected(response, 400, "invalid-request", "payload.to", "payload.text");
        assertThat(response.errorMessage("payload.to")).contains("E.164");
    }

    @Test
    void everyBadFieldOfTheRequestIsNamedAtOnce() {
        Response response = post("/api/v1/jobs", SALON, """
                {"type": "email.send", "priority": "urgent", "runAt": "tomorrow", "idempotencyKey": "",
                 "payload": {"to": "not-an-address", "template": "appointment-reminder", "variables": {"customerName": "Ada"}}}""");

        assertRejected(
                response,
                400,
                "invalid-request",
                "priority",
                "runAt",
                "idempotencyKey",
                "payload.to",
                "payload.variables");
    }

    @Test
    void theNewTemplatesNeedTheirVariables() {
        Response reset = post("/api/v1/jobs", SALON, """
                {"type": "email.send", "payload": {"to": "ada@example.com", "template": "password-reset",
                                                   "variables": {"customerName": "Ada"}}}""");
        Response welcome = post("/api/v1/jobs", SALON, """
                {"type": "email.send", "payload": {"to": "ada@example.com", "template": "welcome",
                                                   "variables": {"businessName": "Fade & Co"}}}""");

        assertRejected(reset, 400, "invalid-request", "payload.variables");
        assertThat(reset.errorMessage("payload.variables"))
                .isEqualTo("missing resetUrl, expiresInMinutes, required by template password-reset");
        assertRejected(welcome, 400, "invalid-request", "payload.variables");
        assertThat(welcome.errorMessage("payload.variables"))
                .isEqualTo("missing customerName, required by template welcome");
    }

    @Test
    void aResetLinkMustBeAWebUrl() {
        Response response = post("/api/v1/jobs", SALON, """
                {"type": "email.send", "payload": {"to": "ada@example.com", "template": "password-reset",
                 "variables": {"customerName": "Ada", "resetUrl": "javascript:alert(1)", "expiresInMinutes": "30"}}}""");

        assertRejected(response, 400, "invalid-request", "payload.variables");
        assertThat(response.errorMessage("payload.variables")).isEqualTo("resetUrl must be an http or https URL");
    }

    @Test
    void theProducersHtmlCannotGoWithATemplateNorWithoutASubject() {
        Response withTemplate = post("/api/v1/jobs", SALON, """
                {"type": "email.send", "payload": {"to": "ada@example.com", "template": "verification-code",
                                                   "variables": {"code": "481516"}, "html": "<p>hi</p>"}}""");
        Response withoutSubject = post("/api/v1/jobs", SALON, """
                {"type": "email.send", "payload": {"to": "ada@example.com", "html": "<p>hi</p>"}}""");

        assertRejected(withTemplate, 400, "invalid-request", "payload.html");
        assertRejected(withoutSubject, 400, "invalid-request", "payload.subject");
    }

    @Test
    void anUnknownPayloadFieldIsNamed() {
        Response response = post(
                "/api/v1/jobs",
                SALON,
                "{\"type\": \"sms.send\", \"payload\": {\"to\": \"+14155550123\", \"txt\": \"hi\"}}");

        assertRejected(response, 400, "invalid-request", "payload.txt");
    }

    @Test
    void aMissingPayloadIsNamed() {
        assertRejected(post("/api/v1/jobs", SALON, "{\"type\": \"sms.send\"}"), 400, "invalid-request", "payload");
        assertRejected(
                post("/api/v1/jobs", SALON, "{\"type\": \"sms.send\", \"payload\": [1]}"),
                400,
                "invalid-request",
                "payload");
    }

    @Test
    void anUnknownPriorityListsTheFour() {
        Response response = post("/api/v1/jobs", SALON, sms("\"priority\": \"urgent\""));

        assertRejected(response, 400, "invalid-request", "priority");
        assertThat(response.errorMessage("priority")).contains("critical, high, normal, low");
    }

    @Test
    void malformedJsonSaysWhere() {
        Response response = post("/api/v1/jobs", SALON, "{\"type\": \"sms.send\",\n \"payload\": {\"to\" \"+1\"}}");

        assertRejected(response, 400, "invalid-request", "body");
        assertThat(response.json().path("detail").asString()).contains("line 2, column");
    }

    @Test
    void aRepeatedFieldIsMalformed() {
        assertRejected(post("/api/v1/jobs", SALON, sms("\"type\": \"email.send\"")), 400, "invalid-request", "body");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        assertRejected(post("/api/v1/jobs", SALON, "[]"), 400, "invalid-request", "body");
        assertRejected(post("/api/v1/jobs", SALON, ""), 400, "invalid-request", "body");
    }

    @Test
    void aBodyOver64KibIsRefusedByItsLengthOrWhileReadingIt() {
        String big = sms("\"idempotencyKey\": \"k\", \"padding\": \"" + "x".repeat(65_536) + "\"");

        assertRejected(post("/api/v1/jobs", SALON, big), 413, "payload-too-large");
        assertRejected(post("/api/v1/jobs", SALON, JSON, chunked(big)), 413, "payload-too-large");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() {
        Response response = post("/api/v1/jobs", SALON, JSON, chunked(SMS));

        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    @Test
    void runAtMustBeAnInstantWithAnOffset() {
        Response unparseable = post("/api/v1/jobs", SALON, sms("\"runAt\": \"next tuesday\""));
        Response local = post("/api/v1/jobs", SALON, sms("\"runAt\": \"2026-11-24T09:00:00\""));

        assertRejected(unparseable, 400, "invalid-request", "runAt");
        assertRejected(local, 400, "invalid-request", "runAt");
        assertThat(local.errorMessage("runAt")).contains("offset");
    }

    @Test
    void anUnknownTopLevelFieldIsNamed() {
        Response response = post("/api/v1/jobs", SALON, sms("\"prioritty\": \"high\", \"delay\": 5"));

        assertRejected(response, 400, "invalid-request", "prioritty", "delay");
    }

    @Test
    void anIdempotencyKeyIsShortAndPrintable() {
        assertRejected(
                post("/api/v1/jobs", SALON, sms("\"idempotencyKey\": \"" + "k".repeat(256) + "\"")),
                400,
                "invalid-request",
                "idempotencyKey");
        assertRejected(
                post("/api/v1/jobs", SALON, sms("\"idempotencyKey\": \"a\\nb\"")),
                400,
                "invalid-request",
                "idempotencyKey");
    }

    @Test
    void aBodyThatIsNotJsonIsUnsupported() {
        Response response = post("/api/v1/jobs", SALON, "text/plain", BodyPublishers.ofString(SMS));

        assertRejected(response, 415, "unsupported-media-type");
    }

    @Test
    void aMissingOrWrongKeyIsUnauthorized() {
        Response missing = post("/api/v1/jobs", null, SMS);
        Response wrong = post("/api/v1/jobs", "salon-key-124", SMS);
        Response notBearer = send(request("/api/v1/jobs", null)
                .header("Authorization", "Basic c2Fsb246c2Fsb24ta2V5LTEyMw==")
                .header("Content-Type", JSON)
                .POST(BodyPublishers.ofString(SMS)));

        for (Response response : new Response[] {missing, wrong, notBearer}) {
            assertRejected(response, 401, "unauthorized");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"lineup\"");
        }
    }

    @Test
    void anUnauthenticatedRequestLearnsNothingElse() {
        assertRejected(post("/api/v1/jobs", null, "text/plain", BodyPublishers.ofString("x")), 401, "unauthorized");
        assertRejected(get("/api/v1/no-such-thing", null), 401, "unauthorized");
    }

    @Test
    void springsOwnErrorsAreProblemsToo() {
        assertRejected(get("/api/v1/no-such-thing", SALON), 404, "not-found");
        assertRejected(
                send(request("/api/v1/jobs", SALON)
                        .PUT(BodyPublishers.ofString(SMS))
                        .header("Content-Type", JSON)),
                405,
                "method-not-allowed");
    }

    @Test
    void healthNeedsNoKey() {
        assertThat(get("/actuator/health", null).status()).isEqualTo(200);
    }
}
