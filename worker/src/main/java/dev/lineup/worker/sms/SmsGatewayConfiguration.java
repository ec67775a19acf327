package dev.lineup.worker.sms;

import dev.lineup.worker.WorkerProperties;
import dev.lineup.worker.sandbox.SandboxOutbox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Picks the {@link SmsGateway} named by {@code lineup.worker.sms.provider}. */
@Configuration(proxyBeanMethods = false)
class SmsGatewayConfiguration {

    @Bean
    SmsGateway smsGateway(WorkerProperties properties, SandboxOutbox outbox) {
        String provider = properties.sms().provider();
        if (!provider.equals("sandbox")) {
            // WorkerProperties' validation says so first; this guards a provider added there but not here
            throw new IllegalStateException("unknown lineup.worker.sms.provider '" + provider + "'; only sandbox is supported so far");
        }
        return new SandboxSmsGateway(outbox);
    }
}
