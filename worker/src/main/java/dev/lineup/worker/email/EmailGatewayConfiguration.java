package dev.lineup.worker.email;

import dev.lineup.worker.WorkerProperties;
import dev.lineup.worker.sandbox.SandboxOutbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/** Picks the {@link EmailGateway} named by {@code lineup.worker.email.provider}. */
@Configuration(proxyBeanMethods = false)
class EmailGatewayConfiguration {

    @Bean
    EmailGateway emailGateway(
            WorkerProperties properties,
            ObjectProvider<JavaMailSender> mailSender,
            SandboxOutbox outbox,
            FromAddresses from) {
        String provider = properties.email().provider();
        return switch (provider) {
            case "sandbox" -> new SandboxEmailGateway(outbox);
            case "smtp" ->
                new SmtpEmailGateway(
                        mailSender.getIfAvailable(() -> {
                            throw new IllegalStateException(
                                    "lineup.worker.email.provider=smtp needs an SMTP server: set SPRING_MAIL_HOST "
                                            + "(and SPRING_MAIL_PORT, SPRING_MAIL_USERNAME, SPRING_MAIL_PASSWORD as it requires), "
                                            + "or set LINEUP_EMAIL_PROVIDER=sandbox");
                        }),
                        from.worker());
            // WorkerProperties' validation names the choices before this bean is created
            default ->
                throw new IllegalStateException(
                        "unknown lineup.worker.email.provider '" + provider + "'; use smtp or sandbox");
        };
    }
}
