package dev.lineup.worker.sms;

import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.run.JobHandler;
import dev.lineup.core.run.RunContext;
import org.springframework.stereotype.Component;

/** Runs {@code sms.send}: hands the message to the configured {@link SmsGateway}. */
@Component
class SendSmsHandler implements JobHandler<SendSms> {

    private final SmsGateway gateway;

    SendSmsHandler(SmsGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public Class<SendSms> jobClass() {
        return SendSms.class;
    }

    @Override
    public void handle(SendSms job, RunContext run) throws Exception {
        gateway.send(job.to(), job.text(), run);
    }
}
