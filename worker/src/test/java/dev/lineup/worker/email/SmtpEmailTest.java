package dev.lineup.worker.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.lineup.core.catalog.Priority;
import dev.lineup.core.catalog.SendEmail;
import dev.lineup.core.enqueue.JobIds;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import dev.lineup.testing.Examples;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code email.send} over real SMTP: GreenMail receives, a scripted server refuses. */
class SmtpEmailTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.createCopy("127.0.0.1").dynamicPort());

    private final RunContext run = new RunContext(JobIds.random(), "salon-app", Priority.NORMAL, 1);

    private static SendEmailHandler handlerSendingTo(int port) {
        var mailSender = new JavaMailSenderImpl();
        mailSender.setHost("127.0.0.1");
        mailSender.setPort(port);
        return new SendEmailHandler(new EmailTemplates(), new SmtpEmailGateway(mailSender, "Fade & Co <bookings@fade.example>"));
    }

    @Test
    void aTemplatedEmailArrivesRendered() throws Exception {
        handlerSendingTo(greenMail.getSmtp().getPort()).handle(Examples.templatedEmail(), run);

        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertThat(greenMail.getReceivedMessages()).hasSize(1);
        assertThat(received.getSubject()).isEqualTo("Reminder: your appointment at Fade & Co, Tue 10:30");
        assertThat(GreenMailUtil.getBody(received)).contains("Hi Ada,").contains("your appointment at Fade & Co on Tue 10:30.");
        assertThat(received.getFrom()).containsExactly(new InternetAddress("Fade & Co <bookings@fade.example>"));
        assertThat(received.getAllRecipients()).containsExactly(new InternetAddress("ada@example.com"));
        assertThat(received.getMessageID()).isEqualTo("<" + run.jobId() + "@lineup>");
    }

    @Test
    void theProducersSubjectWinsOverTheTemplates() throws Exception {
        var email = new SendEmail("ada@example.com", "Your code for Fade & Co", "verification-code", Map.of("code", "481516"), null);

        handlerSendingTo(greenMail.getSmtp().getPort()).handle(email, run);

        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("Your code for Fade & Co");
        assertThat(GreenMailUtil.getBody(received)).contains("481516");
    }

    @Test
    void aPlainBodyArrivesAsText() throws Exception {
        handlerSendingTo(greenMail.getSmtp().getPort()).handle(Examples.plainEmail(), run);

        MimeMessage received = greenMail.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("See you tomorrow");
        assertThat(received.getContentType()).startsWith("text/plain");
        assertThat(GreenMailUtil.getBody(received)).isEqualTo("Your haircut is at 10:30.");
    }

    @Test
    void aRecipientTheServerRefusesForGoodFailsTheJobWithoutRetrying() throws Exception {
        try (var server = new ScriptedSmtpServer("550 5.1.1 <ada@example.com>: no such mailbox")) {
            assertThatThrownBy(() -> handlerSendingTo(server.port()).handle(Examples.plainEmail(), run))
                    .isInstanceOf(PermanentFailure.class)
                    .hasMessageStartingWith("the mail server refused ada@example.com");
        }
    }

    @Test
    void aServerThatSaysTryLaterIsRetried() throws Exception {
        try (var server = new ScriptedSmtpServer("451 4.3.0 mailbox busy, try again later")) {
            assertThatThrownBy(() -> handlerSendingTo(server.port()).handle(Examples.plainEmail(), run))
                    .isInstanceOf(MailException.class)
                    .isNotInstanceOf(PermanentFailure.class);
        }
    }
}
