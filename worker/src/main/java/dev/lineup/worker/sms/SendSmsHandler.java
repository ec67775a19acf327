package dev.lineup.worker.sms;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.RunContext;
import dev.lineup.worker.WorkerProperties;
import dev.lineup.worker.delivery.Channel;
import dev.lineup.worker.delivery.Deliveries;
import dev.lineup.worker.delivery.Outgoing;
import dev.lineup.worker.producer.ProducerDefaults;
import org.springframework.stereotype.Component;

import java.time.ZoneId;

/**
 * Runs {@code sms.send}: sends as the producer's own sender (else the provider's default) and
 * hands the message to {@link Deliveries}, which keeps quiet hours in the recipient's zone (the
 * job's, else the producer's, else {@code lineup.worker.sms.default-time-zone}) and the send
 * limits before the configured {@link SmsGateway} sends it.
 */
@Component
class SendSmsHandler implements JobHandler<SendSms> {

    private final SmsGateway gateway;
    private final Deliveries deliveries;
    private final ProducerDefaults producers;
    private final ZoneId defaultTimeZone;

    SendSmsHandler(SmsGateway gateway, Deliveries deliveries, ProducerDefaults producers, WorkerProperties properties) {
        this.gateway = gateway;
        this.deliveries = deliveries;
        this.producers = producers;
        this.defaultTimeZone = properties.sms().defaultTimeZone();
    }

    @Override
    public Class<SendSms> jobClass() {
        return SendSms.class;
    }

    @Override
    public void handle(SendSms job, RunContext run) throws Exception {
        Outgoing outgoing = outgoing(job, run);
        var message = new SmsMessage(job.to(), job.text(), outgoing.sender());
        deliveries.deliver(
                outgoing, run, () -> gateway.send(message, run), since -> gateway.sentSince(message, run, since));
    }

    /** The message as delivery's rules see it: its provider, its sender, its recipient's zone. */
    Outgoing outgoing(SendSms job, RunContext run) {
        String sender = producers.smsFrom(run.producer()).orElseGet(gateway::defaultSender);
        return new Outgoing(Channel.SMS, gateway.provider(), sender, job.to(), recipientZone(job, run));
    }

    private ZoneId recipientZone(SendSms job, RunContext run) {
        if (job.timeZone() != null) return ZoneId.of(job.timeZone());
        return producers.timeZone(run.producer()).orElse(defaultTimeZone);
    }
}
