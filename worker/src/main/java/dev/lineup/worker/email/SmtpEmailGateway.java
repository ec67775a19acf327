package dev.lineup.worker.email;

import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
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
 * {@code spring.mail.*}). A server that cannot be reached or answers "try later" makes the job
 * retry; a recipient the server refuses for good fails it at once.
 */
class SmtpEmailGateway implements EmailGateway {

    private final JavaMailSender mailSender;
    private final InternetAddress from;

    SmtpEmailGateway(JavaMailSender mailSender, String from) {
        this.mailSender = mailSender;
        try {
            this.from = new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalStateException("lineup.worker.email.from is not an email address: '" + from
                    + "'; set LINEUP_EMAIL_FROM to e.g. 'Lineup <no-reply@example.com>'", e);
        }
    }

    @Override
    public void send(EmailMessage message, RunContext run) throws MessagingException {
        MimeMessage mime = mailSender.createMimeMessage();
        var helper = new MimeMessageHelper(mime, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        try {
            helper.setTo(message.to().toArray(String[]::new));
        } catch (AddressException e) {
            throw new PermanentFailure("cannot send email to " + String.join(", ", message.to()) + ": " + e.getMessage(), e);
        }
        helper.setSubject(message.subject());
        helper.setText(message.text(), false);
        // the same id on every attempt lets mail systems that deduplicate by Message-ID drop a repeat
        mime.setHeader("Message-ID", "<" + run.jobId() + "@lineup>");
        try {
            mailSender.send(mime);
        } catch (MailSendException e) {
            Set<String> refused = refusedAddresses(e);
            if (!refused.isEmpty()) {
                throw new PermanentFailure("the mail server refused " + String.join(", ", refused) + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** Addresses the server rejected permanently (5xx to RCPT TO); a 4xx leaves them "valid unsent". */
    private static Set<String> refusedAddresses(MailSendException e) {
        List<Throwable> causes = new ArrayList<>(Arrays.asList(e.getMessageExceptions()));
        causes.add(e.getCause());
        Set<String> refused = new LinkedHashSet<>();
        for (Throwable cause : causes) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof SendFailedException failed && failed.getInvalidAddresses() != null) {
                    refused.addAll(Arrays.stream(failed.getInvalidAddresses()).map(Address::toString).toList());
                }
            }
        }
        return refused;
    }
}
