package dev.lineup.worker.email;

import dev.lineup.worker.WorkerProperties;
import dev.lineup.worker.producer.ProducerDefaults;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who an email is sent as: the producer's own address from {@code LINEUP_PRODUCER_EMAIL_FROM}
 * when it has one, else {@code lineup.worker.email.from}. Every address is parsed when the worker
 * starts, so a typo stops it with the variable and producer named instead of failing each email.
 */
@Component
public class FromAddresses {

    private final InternetAddress workerFrom;
    private final Map<String, InternetAddress> producerFrom = new LinkedHashMap<>();

    FromAddresses(WorkerProperties properties, ProducerDefaults producers) {
        this.workerFrom = parse(
                properties.email().from(),
                "lineup.worker.email.from is not an email address: '"
                        + properties.email().from()
                        + "'; set LINEUP_EMAIL_FROM to e.g. 'Lineup <no-reply@example.com>'");
        producers
                .emailFrom()
                .forEach((producer, from) -> producerFrom.put(
                        producer,
                        parse(
                                from,
                                "LINEUP_PRODUCER_EMAIL_FROM: the From of producer '" + producer
                                        + "' is not an email address: '" + from + "'; write it as " + producer
                                        + "=Name <address@example.com>")));
    }

    /** The worker's own From, for producers without one and for the worker's own emails. */
    public InternetAddress worker() {
        return workerFrom;
    }

    /** The From of the producer's emails. */
    InternetAddress of(String producer) {
        return producerFrom.getOrDefault(producer, workerFrom);
    }

    private static InternetAddress parse(String address, String problem) {
        try {
            // strict: one address, with a domain, as a mail server will want it
            return new InternetAddress(address, true);
        } catch (AddressException e) {
            throw new IllegalStateException(problem + " (" + e.getMessage() + ")", e);
        }
    }
}
