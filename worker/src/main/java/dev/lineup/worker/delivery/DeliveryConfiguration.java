package dev.lineup.worker.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;

/** The delivery rules, from {@code lineup.worker.delivery.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeliveryProperties.class)
class DeliveryConfiguration {

    @Bean
    SendLedger sendLedger(DataSource dataSource, Clock clock, DeliveryProperties properties) {
        return new SendLedger(dataSource, clock, properties.sendInFlightWindow());
    }

    @Bean
    SendLedgerJanitor sendLedgerJanitor(SendLedger ledger, Clock clock, DeliveryProperties properties) {
        return new SendLedgerJanitor(ledger, clock, properties.sendLedgerRetention());
    }

    @Bean
    ProviderBreakers providerBreakers(DeliveryProperties properties, Clock clock, MeterRegistry meters) {
        return new ProviderBreakers(
                properties.breaker(), properties.connectRetries(), properties.connectRetryWait(), clock, meters);
    }

    @Bean
    Deliveries deliveries(
            SendLedger ledger,
            RateLimits rateLimits,
            ProviderBreakers breakers,
            DeliveryProperties properties,
            Clock clock,
            MeterRegistry meters) {
        return new Deliveries(
                ledger, rateLimits, breakers, properties.quietHours(), properties.recipientCap(), clock, meters);
    }
}
