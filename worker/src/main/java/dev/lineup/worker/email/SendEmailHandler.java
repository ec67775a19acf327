package dev.lineup.worker.email;

import dev.lineup.core.catalog.SendEmail;
import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.RunContext;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Runs {@code email.send}: renders the template (the producer's subject, when given, wins over
 * the template's) or takes the producer's subject and body as they are, and hands the email to
 * the configured {@link EmailGateway}.
 */
@Component
class SendEmailHandler implements JobHandler<SendEmail> {

    private final EmailTemplates templates;
    private final EmailGateway gateway;

    SendEmailHandler(EmailTemplates templates, EmailGateway gateway) {
        this.templates = templates;
        this.gateway = gateway;
    }

    @Override
    public Class<SendEmail> jobClass() {
        return SendEmail.class;
    }

    @Override
    public void handle(SendEmail job, RunContext run) throws Exception {
        gateway.send(message(job), run);
    }

    private EmailMessage message(SendEmail job) {
        if (job.template() == null) {
            return new EmailMessage(List.of(job.to()), job.subject(), job.body());
        }
        var rendered = templates.render(job.template(), job.variables());
        String subject = job.subject() == null || job.subject().isBlank() ? rendered.subject() : job.subject();
        return new EmailMessage(List.of(job.to()), subject, rendered.text());
    }
}
