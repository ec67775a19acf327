package dev.lineup.worker.email;

import dev.lineup.core.catalog.EmailTemplate;
import dev.lineup.core.catalog.SendEmail;
import dev.lineup.core.email.EmailTemplates;
import dev.lineup.core.email.MissingTemplateVariable;
import dev.lineup.core.email.RenderedEmail;
import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.PermanentFailure;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.WorkerProperties;
import dev.lineup.worker.delivery.Channel;
import dev.lineup.worker.delivery.Deliveries;
import dev.lineup.worker.delivery.Outgoing;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;
import java.util.List;

/**
 * Runs {@code email.send}: renders the template's text and HTML (the producer's subject, when
 * given, wins over the template's) or takes the producer's subject, body and html as they are,
 * and hands the email to the configured {@link EmailGateway} through {@link Deliveries}. It goes
 * out from the producer's own address when {@code LINEUP_PRODUCER_EMAIL_FROM} gives one.
 */
@Component
class SendEmailHandler implements JobHandler<SendEmail> {

    private final EmailTemplates templates;
    private final EmailGateway gateway;
    private final Deliveries deliveries;
    private final FromAddresses from;
    private final String provider;

    SendEmailHandler(
            EmailTemplates templates,
            EmailGateway gateway,
            Deliveries deliveries,
            FromAddresses from,
            WorkerProperties properties) {
        this.templates = templates;
        this.gateway = gateway;
        this.deliveries = deliveries;
        this.from = from;
        this.provider = properties.email().provider();
    }

    @Override
    public Class<SendEmail> jobClass() {
        return SendEmail.class;
    }

    @Override
    public void handle(SendEmail job, RunContext run) throws Exception {
        EmailMessage message = message(job, run);
        deliveries.deliver(outgoing(message, job), run, () -> gateway.send(message, run));
    }

    /** What delivery's rules see: email has no quiet hours, so the recipient's zone does not matter. */
    Outgoing outgoing(EmailMessage message, SendEmail job) {
        return new Outgoing(Channel.EMAIL, provider, message.from().getAddress(), job.to(), ZoneOffset.UTC);
    }

    EmailMessage message(SendEmail job, RunContext run) {
        var sender = from.of(run.producer());
        if (job.template() == null) {
            return new EmailMessage(
                    sender, List.of(job.to()), job.subject(), blankToNull(job.body()), blankToNull(job.html()));
        }
        EmailTemplate template = EmailTemplate.parse(job.template())
                .orElseThrow(() -> new PermanentFailure(
                        "unknown email template '" + job.template() + "'; known: " + EmailTemplate.names()));
        RenderedEmail rendered;
        try {
            rendered = templates.render(template, job.variables());
        } catch (MissingTemplateVariable e) {
            throw new PermanentFailure(e.getMessage(), e);
        }
        String subject = job.subject() == null || job.subject().isBlank() ? rendered.subject() : job.subject();
        return new EmailMessage(sender, List.of(job.to()), subject, rendered.text(), rendered.html());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
