package dev.lineup.worker.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.lineup.core.catalog.EmailTemplate;
import dev.lineup.core.catalog.Examples;
import dev.lineup.core.catalog.SendEmail;
import dev.lineup.core.email.EmailTemplates;
import dev.lineup.core.job.JobIds;
import dev.lineup.core.job.Priority;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.TestWorkerProperties;
import dev.lineup.worker.delivery.Channel;
import dev.lineup.worker.producer.ProducerDefaults;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code email.send} over real SMTP: GreenMail receives, a scripted server refuses. The handler
 * renders and the SMTP gateway sends, as {@code handle} does; what lies between them (delivery's
 * ledger and limits) has its own tests.
 */
class SmtpEmailTest {

    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.createCopy("127.0.0.1").dynamicPort());

    private static final EmailTemplates TEMPLATES = new EmailTemplates();

    private final FromAddresses from = new FromAddresses(
            TestWorkerProperties.load("lineup.worker.email.from=Lineup <no-reply@lineup.example>"),
            new ProducerDefaults(
                    "salon-app=Fade & Co <bookings@fade.example>; clinic-app=\"Dr. Who's Clinic\" <desk@clinic.example>",
                    "",
                    ""));
    private final SendEmailHandler handler = new SendEmailHandler(
            TEMPLATES, null, null, from, TestWorkerProperties.load("lineup.worker.email.provider=smtp"));

    private static RunContext runOf(String producer) {
        return new RunContext(JobIds.random(), producer, Priority.NORMAL, 1);
    }

    /** What {@code handle} does once delivery lets the email through; returns the provider's id. */
    private String send(int port, SendEmail job, RunContext run) throws Exception {
        var mailSender = new JavaMailSenderImpl();
        mailSender.setHost("127.0.0.1");
        mailSender.setPort(port);
        return new SmtpEmailGateway(mailSender, from.worker()).send(handler.message(job, run), run);
    }

    private String send(SendEmail job, RunContext run) throws Exception {
        return send(greenMail.getSmtp().getPort(), job, run);
    }

    private static MimeMessage theOnlyReceived() {
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        return greenMail.getReceivedMessages()[0];
    }

    /** The text/plain and text/html parts of a multipart/alternative email, decoded, with SMTP's CRLF read as LF. */
    private record Parts(String text, String html) {

        static Parts of(MimeMessage message) throws Exception {
            assertThat(message.getContentType()).startsWith("multipart/alternative");
            Multipart alternative = (Multipart) message.getContent();
            assertThat(alternative.getCount()).isEqualTo(2);
            BodyPart text = alternative.getBodyPart(0);
            BodyPart html = alternative.getBodyPart(1);
            assertThat(text.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
            assertThat(html.getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
            return new Parts(
                    ((String) text.getContent()).replace("\r\n", "\n"),
                    ((String) html.getContent()).replace("\r\n", "\n"));
        }
    }

    @ParameterizedTest
    @EnumSource(EmailTemplate.class)
    void everyTemplateArrivesWithItsTextAndHtmlParts(EmailTemplate template) throws Exception {
        var run = runOf("salon-app");
        var rendered = TEMPLATES.render(template, template.sampleVariables());

        String messageId = send(
                new SendEmail("ada@example.com", null, template.wireName(), template.sampleVariables(), null), run);

        MimeMessage received = theOnlyReceived();
        assertThat(received.getSubject()).isEqualTo(rendered.subject());
        Parts parts = Parts.of(received);
        assertThat(parts.text()).isEqualTo(rendered.text());
        assertThat(parts.html()).isEqualTo(rendered.html()).startsWith("<!DOCTYPE html>");
        for (String value : template.sampleVariables().values()) {
            assertThat(parts.text()).contains(value);
        }
        assertThat(received.getFrom()).containsExactly(new InternetAddress("Fade & Co <bookings@fade.example>"));
        assertThat(received.getAllRecipients()).containsExactly(new InternetAddress("ada@example.com"));
        assertThat(received.getMessageID())
                .isEqualTo("<" + run.jobId() + "@lineup>")
                .isEqualTo(messageId);
    }

    @Test
    void aTemplatedEmailArrivesRendered() throws Exception {
        send(Examples.templatedEmail(), runOf("salon-app"));

        MimeMessage received = theOnlyReceived();
        assertThat(received.getSubject()).isEqualTo("Reminder: your appointment at Fade & Co, Tue 10:30");
        Parts parts = Parts.of(received);
        assertThat(parts.text()).contains("Hi Ada,").contains("your appointment at Fade & Co on Tue 10:30.");
        assertThat(parts.html())
                .contains("See you soon, Ada</h1>")
                .contains(">Fade &amp; Co</p>")
                .contains(">Tue 10:30</p>");
    }

    @Test
    void eachProducerSendsFromItsOwnAddressAndOthersFromTheWorkers() throws Exception {
        var clinic = runOf("clinic-app");
        var other = runOf("other-app");
        send(Examples.plainEmail(), clinic);
        send(Examples.plainEmail(), other);

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(2);
        assertThat(received[0].getFrom())
                .containsExactly(new InternetAddress("\"Dr. Who's Clinic\" <desk@clinic.example>"));
        assertThat(received[1].getFrom()).containsExactly(new InternetAddress("Lineup <no-reply@lineup.example>"));
    }

    @Test
    void deliveryKeysOnThePlainAddressOfTheProducersFrom() {
        var job = Examples.templatedEmail();

        var outgoing = handler.outgoing(handler.message(job, runOf("salon-app")), job);

        assertThat(outgoing.channel()).isEqualTo(Channel.EMAIL);
        assertThat(outgoing.provider()).isEqualTo("smtp");
        assertThat(outgoing.sender()).isEqualTo("bookings@fade.example");
        assertThat(outgoing.recipient()).isEqualTo("ada@example.com");
        assertThat(outgoing.recipientZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(handler.outgoing(handler.message(job, runOf("other-app")), job)
                        .sender())
                .isEqualTo("no-reply@lineup.example");
    }

    @Test
    void aVariableCannotAddMarkupToTheHtmlPart() throws Exception {
        var variables = new HashMap<>(EmailTemplate.WELCOME.sampleVariables());
        variables.put("customerName", "<script>alert(1)</script><b>Ada</b>");

        send(new SendEmail("ada@example.com", null, "welcome", variables, null), runOf("salon-app"));

        Parts parts = Parts.of(theOnlyReceived());
        assertThat(parts.html())
                .doesNotContain("<script>")
                .doesNotContain("<b>Ada")
                .contains("Welcome, &lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Ada&lt;/b&gt;!");
        assertThat(parts.text()).contains("Hi <script>alert(1)</script><b>Ada</b>,");
    }

    @Test
    void theProducersSubjectWinsOverTheTemplates() throws Exception {
        var email = new SendEmail(
                "ada@example.com", "Your code for Fade & Co", "verification-code", Map.of("code", "481516"), null);

        send(email, runOf("salon-app"));

        MimeMessage received = theOnlyReceived();
        assertThat(received.getSubject()).isEqualTo("Your code for Fade & Co");
        assertThat(Parts.of(received).text()).contains("481516");
    }

    @Test
    void aPlainBodyArrivesAsText() throws Exception {
        send(Examples.plainEmail(), runOf("salon-app"));

        MimeMessage received = theOnlyReceived();
        assertThat(received.getSubject()).isEqualTo("See you tomorrow");
        assertThat(received.getContentType()).startsWith("text/plain");
        assertThat(GreenMailUtil.getBody(received)).isEqualTo("Your haircut is at 10:30.");
    }

    @Test
    void theProducersBodyAndHtmlArriveAsAlternatives() throws Exception {
        send(Examples.htmlEmail(), runOf("salon-app"));

        MimeMessage received = theOnlyReceived();
        assertThat(received.getSubject()).isEqualTo("See you tomorrow");
        Parts parts = Parts.of(received);
        assertThat(parts.text()).isEqualTo("Your haircut is at 10:30.");
        // the producer's own HTML is theirs: sent as written
        assertThat(parts.html()).isEqualTo("<p>Your haircut is at <b>10:30</b>.</p>");
    }

    @Test
    void theProducersHtmlAloneArrivesAsHtml() throws Exception {
        send(
                new SendEmail("ada@example.com", "Ünïcode ✂", null, null, null, "<p>Schön, dich zu sehen ✂</p>"),
                runOf("salon-app"));

        MimeMessage received = theOnlyReceived();
        assertThat(received.getSubject()).isEqualTo("Ünïcode ✂");
        assertThat(received.getContentType()).startsWith("text/html");
        assertThat(received.getContent()).isEqualTo("<p>Schön, dich zu sehen ✂</p>");
    }

    @Test
    void aJobStoredWithoutAVariableItsTemplateNamesFailsForGood() {
        // enqueue checks variables; this is a job stored before its template changed
        var email = new SendEmail("ada@example.com", null, "verification-code", Map.of("pin", "481516"), null);

        assertThatThrownBy(() -> send(email, runOf("salon-app")))
                .isInstanceOf(PermanentFailure.class)
                .hasMessage("email template verification-code needs the variable 'code', which the job does not give");
    }

    @Test
    void aRecipientTheServerRefusesForGoodFailsTheJobWithoutRetrying() throws Exception {
        try (var server = new ScriptedSmtpServer("550 5.1.1 <ada@example.com>: no such mailbox")) {
            assertThatThrownBy(() -> send(server.port(), Examples.plainEmail(), runOf("salon-app")))
                    .isInstanceOf(PermanentFailure.class)
                    .hasMessageStartingWith("the mail server refused ada@example.com");
        }
    }

    @Test
    void aServerThatSaysTryLaterIsRetried() throws Exception {
        try (var server = new ScriptedSmtpServer("451 4.3.0 mailbox busy, try again later")) {
            assertThatThrownBy(() -> send(server.port(), Examples.plainEmail(), runOf("salon-app")))
                    .isInstanceOf(MailException.class)
                    .isNotInstanceOf(PermanentFailure.class);
        }
    }
}
