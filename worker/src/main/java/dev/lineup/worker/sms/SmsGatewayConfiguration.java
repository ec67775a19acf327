package dev.lineup.worker.sms;

import com.twilio.http.TwilioRestClient;
import dev.lineup.worker.WorkerProperties;
import dev.lineup.worker.sandbox.SandboxOutbox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Picks the {@link SmsGateway} named by {@code lineup.worker.sms.provider}. */
@Configuration(proxyBeanMethods = false)
class SmsGatewayConfiguration {

    @Bean
    SmsGateway smsGateway(WorkerProperties properties, SandboxOutbox outbox) {
        String provider = properties.sms().provider();
        WorkerProperties.Sms.Twilio twilio = properties.sms().twilio();
        return switch (provider) {
            case "twilio" -> twilio(twilio);
            case "sandbox" ->
                new SandboxSmsGateway(outbox, defaultSender(twilio).orElse("sandbox"));
            // WorkerProperties' validation names the choices before this bean is created
            default ->
                throw new IllegalStateException(
                        "unknown lineup.worker.sms.provider '" + provider + "'; use twilio or sandbox");
        };
    }

    /** Closed with the context: the gateway closes its HTTP client's connection pool. */
    static TwilioSmsGateway twilio(WorkerProperties.Sms.Twilio settings) {
        List<String> missing = new ArrayList<>();
        if (isBlank(settings.accountSid())) missing.add("LINEUP_TWILIO_ACCOUNT_SID");
        if (isBlank(settings.authToken())) missing.add("LINEUP_TWILIO_AUTH_TOKEN");
        if (defaultSender(settings).isEmpty())
            missing.add("LINEUP_TWILIO_FROM (or LINEUP_TWILIO_MESSAGING_SERVICE_SID)");
        if (!missing.isEmpty()) {
            throw new IllegalStateException("lineup.worker.sms.provider=twilio needs " + String.join(", ", missing)
                    + ": set them from Twilio's console, or set LINEUP_SMS_PROVIDER=sandbox");
        }
        var http = new TwilioHttpClient(settings.baseUrl(), settings.connectTimeout(), settings.readTimeout());
        var client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
                .httpClient(http)
                .build();
        return new TwilioSmsGateway(client, defaultSender(settings).orElseThrow());
    }

    /** The messaging service when set, else the From number. */
    private static Optional<String> defaultSender(WorkerProperties.Sms.Twilio settings) {
        if (!isBlank(settings.messagingServiceSid())) return Optional.of(settings.messagingServiceSid());
        if (!isBlank(settings.from())) return Optional.of(settings.from());
        return Optional.empty();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
