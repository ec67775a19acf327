package dev.lineup.worker.email;

import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Sends email through an SMTP server with Spring's {@link JavaMailSender} (configured by
 * {@code spring.mail.*}). An email with both parts goes as {@code multipart/alternative}, text
 * first and HTML last (mail programs show the last part they can). A server that cannot be
 * reached or answers "try later" makes the job retry; a recipient the server refuses for good
 * fails it at once.
 */
class SmtpEmailGateway implements EmailGateway {

    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private final JavaMailSender mailSender;
    private final InternetAddress workerFrom;

    /** @param workerFrom the From of emails that name none */
    SmtpEmailGateway(JavaMailSender mailSender, InternetAddress workerFrom) {
        this.mailSender = mailSender;
        this.workerFrom = workerFrom;
    }

    /** Returns the Message-ID, which is the same on every attempt of a job. */
    @Override
    public String send(EmailMessage message, RunContext run) throws MessagingException {
        MimeMessage mime = mailSender.createMimeMessage();
        var helper = new MimeMessageHelper(mime, UTF_8);
        helper.setFrom(message.from() != null ? message.from() : workerFrom);
        try {
            helper.setTo(message.to().toArray(String[]::new));
        } catch (AddressException e) {
            throw new PermanentFailure(
                    "cannot send email to " + String.join(", ", message.to()) + ": " + e.getMessage(), e);
        }
        helper.setSubject(message.subject());
        if (message.html() == null) {
            helper.setText(message.text(), false);
        } else if (message.text() == null) {
            helper.setText(message.html(), true);
        } else {
            mime.setContent(alternative(message.text(), message.html()));
        }
        // the same id on every attempt lets mail systems that deduplicate by Message-ID drop a repeat
        String messageId = "<" + run.jobId() + "@lineup>";
        mime.setHeader("Message-ID", messageId);
        try {
            mailSender.send(mime);
        } catch (MailSendException e) {
            Set<String> refused = refusedAddresses(e);
            if (!refused.isEmpty()) {
                throw new PermanentFailure(
                        "the mail server refused " + String.join(", ", refused) + ": " + e.getMessage(), e);
            }
            throw e;
        }
        return messageId;
    }

    private static MimeMultipart alternative(String text, String html) throws MessagingException {
        var plain = new MimeBodyPart();
        plain.setText(text, UTF_8, "plain");
        var rich = new MimeBodyPart();
        rich.setText(html, UTF_8, "html");
        var alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        return alternative;
    }

    /** Addresses the server rejected permanently (5xx to RCPT TO); a 4xx leaves them "valid unsent". */
    private static Set<String> refusedAddresses(MailSendException e) {
        List<Throwable> causes = new ArrayList<>(Arrays.asList(e.getMessageExceptions()));
        causes.add(e.getCause());
        Set<String> refused = new LinkedHashSet<>();
        for (Throwable cause : causes) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof SendFailedException failed && failed.getInvalidAddresses() != null) {
                    refused.addAll(Arrays.stream(failed.getInvalidAddresses())
                            .map(Address::toString)
                            .toList());
                }
            }
        }
        return refused;
    }
}
