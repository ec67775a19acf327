package dev.lineup.api.deadletters;

import dev.lineup.core.catalog.Examples;
import dev.lineup.core.catalog.SendSms;
import dev.lineup.core.job.Priority;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The list: newest failure first, filtered, paged, counted, and scoped to the caller. */
class DeadLetterListApiTest extends DeadLetterTestSupport {

    /** A handler's own exception: its simple name is {@code GatewayDown}, after the enclosing class. */
    static class GatewayDown extends RuntimeException {
        GatewayDown(String message) {
            super(message);
        }
    }

    private UUID failed(String producer, Priority priority, int minute, RuntimeException error) {
        return fixtures.deadLetter(
                producer, Examples.sms(), priority, T0.plusSeconds(60L * minute), 2, attempt -> error);
    }

    @Test
    void listsTheCallersDeadLettersNewestFirst() {
        UUID sms = fixtures.deadLetter("salon", Examples.sms(), T0);
        UUID email = fixtures.deadLetter("salon", Examples.plainEmail(), T0.plusSeconds(3600));
        UUID clinics = fixtures.deadLetter("clinic", Examples.sms(), T0.plusSeconds(1800));
        fixtures.running("salon", Examples.sms());

        JsonNode salon = assertOk(get("/api/v1/dead-letters", SALON));

        assertThat(ids(get("/api/v1/dead-letters", SALON))).isEqualTo(ids(email, sms));
        assertThat(ids(get("/api/v1/dead-letters", CLINIC))).isEqualTo(ids(clinics));
        JsonNode item = salon.path("items").get(1);
        assertThat(item.path("type").asString()).isEqualTo("sms.send");
        assertThat(item.path("priority").asString()).isEqualTo("normal");
        assertThat(item.path("producer").asString()).isEqualTo("salon");
        assertThat(item.path("failedAt").asString()).isEqualTo("2026-11-20T09:00:00Z");
        assertThat(item.path("attempts").asInt()).isEqualTo(3);
        assertThat(item.path("errorClass").asString()).isEqualTo("java.lang.IllegalStateException");
        assertThat(item.path("errorMessage").asString()).isEqualTo("gateway unreachable (attempt 3)");
        assertThat(item.path("links").path("self").asString()).isEqualTo("/api/v1/dead-letters/" + sms);
        assertThat(item.path("links").path("replay").asString()).isEqualTo("/api/v1/dead-letters/" + sms + "/replay");
        assertThat(item.path("links").path("job").asString()).isEqualTo("/api/v1/jobs/" + sms);
        assertThat(salon.path("total").asLong()).isEqualTo(2);
        assertThat(salon.path("page").asInt()).isZero();
        assertThat(salon.path("size").asInt()).isEqualTo(50);
    }

    @Test
    void filtersByType() {
        UUID sms = fixtures.deadLetter("salon", Examples.sms(), T0);
        fixtures.deadLetter("salon", Examples.plainEmail(), T0);
        fixtures.deadLetter("salon", Examples.webhook("https://salon.example/cleanup"), T0);

        assertThat(ids(get("/api/v1/dead-letters?type=sms.send", SALON))).isEqualTo(ids(sms));
        assertThat(ids(get("/api/v1/dead-letters?type=report.daily", SALON))).isEmpty();
    }

    @Test
    void filtersByPriority() {
        UUID critical = failed("salon", Priority.CRITICAL, 1, new IllegalStateException("down"));
        failed("salon", Priority.HIGH, 2, new IllegalStateException("down"));

        assertThat(ids(get("/api/v1/dead-letters?priority=critical", SALON))).isEqualTo(ids(critical));
        assertThat(ids(get("/api/v1/dead-letters?priority=low", SALON))).isEmpty();
    }

    @Test
    void filtersByTheLastErrorsClassSimpleOrFull() {
        UUID gateway = failed("salon", Priority.HIGH, 1, new GatewayDown("503 from the SMS gateway"));
        UUID state = failed("salon", Priority.HIGH, 2, new IllegalStateException("down"));
        // failed first with GatewayDown, last with IllegalArgumentException: only the last counts
        UUID changed = fixtures.deadLetter(
                "salon",
                Examples.sms(),
                Priority.HIGH,
                T0.plusSeconds(180),
                2,
                attempt -> attempt == 1 ? new GatewayDown("503") : new IllegalArgumentException("bad number"));

        assertThat(ids(get("/api/v1/dead-letters?errorClass=GatewayDown", SALON)))
                .isEqualTo(ids(gateway));
        assertThat(ids(get("/api/v1/dead-letters?errorClass=" + GatewayDown.class.getName(), SALON)))
                .isEqualTo(ids(gateway));
        assertThat(ids(get("/api/v1/dead-letters?errorClass=IllegalStateException", SALON)))
                .isEqualTo(ids(state));
        assertThat(ids(get("/api/v1/dead-letters?errorClass=java.lang.IllegalArgumentException", SALON)))
                .isEqualTo(ids(changed));
        assertThat(ids(get("/api/v1/dead-letters?errorClass=lang.IllegalStateException", SALON)))
                .isEmpty();
    }

    @Test
    void filtersByWhenTheyFailedFromInclusiveToExclusive() {
        UUID nine = failed("salon", Priority.HIGH, 0, new IllegalStateException("down"));
        UUID ten = failed("salon", Priority.HIGH, 60, new IllegalStateException("down"));
        UUID eleven = failed("salon", Priority.HIGH, 120, new IllegalStateException("down"));

        assertThat(ids(get("/api/v1/dead-letters?from=2026-11-20T10:00:00Z", SALON)))
                .isEqualTo(ids(eleven, ten));
        assertThat(ids(get("/api/v1/dead-letters?to=2026-11-20T10:00:00Z", SALON)))
                .isEqualTo(ids(nine));
        // 10:00 UTC is 11:00 at +01:00, URL-encoded as it should be, and as many clients send it
        assertThat(ids(get(
                        "/api/v1/dead-letters?from=2026-11-20T11:00:00%2B01:00&to=2026-11-20T11:00:01%2B01:00", SALON)))
                .isEqualTo(ids(ten));
        assertThat(ids(get("/api/v1/dead-letters?from=2026-11-20T11:00:00+01:00&to=2026-11-20T12:00:00+01:00", SALON)))
                .isEqualTo(ids(ten));
    }

    @Test
    void aProducerNeverSeesAnothersAndCannotAskFor() {
        fixtures.deadLetter("clinic", Examples.sms(), T0);

        assertThat(ids(get("/api/v1/dead-letters", SALON))).isEmpty();
        assertThat(ids(get("/api/v1/dead-letters?producer=salon", SALON))).isEmpty();
        assertProblem(get("/api/v1/dead-letters?producer=clinic", SALON), 400, "invalid-request", "producer");
    }

    @Test
    void anOperatorSeesEveryProducersAndFiltersByProducer() {
        UUID salon = fixtures.deadLetter("salon", Examples.sms(), T0);
        UUID clinic = fixtures.deadLetter("clinic", Examples.sms(), T0.plusSeconds(60));

        assertThat(ids(get("/api/v1/dead-letters", OPERATOR))).isEqualTo(ids(clinic, salon));
        assertThat(ids(get("/api/v1/dead-letters?producer=salon", OPERATOR))).isEqualTo(ids(salon));
        assertThat(ids(get("/api/v1/dead-letters?producer=clinic", OPERATOR))).isEqualTo(ids(clinic));
        assertThat(ids(get("/api/v1/dead-letters?producer=ops", OPERATOR))).isEmpty();
    }

    @Test
    void pagesWithTotalAndCountsOverTheWholeFilteredSet() {
        UUID[] sms = new UUID[5];
        for (int i = 0; i < 5; i++) sms[i] = failed("salon", Priority.HIGH, i, new IllegalStateException("down"));
        failed("salon", Priority.HIGH, 10, new GatewayDown("503"));
        fixtures.deadLetter(
                "salon", Examples.plainEmail(), Priority.NORMAL, T0.plusSeconds(3600), 1, a -> new GatewayDown("421"));
        fixtures.deadLetter("clinic", new SendSms("+14155550199", "not counted"), T0);

        JsonNode first = assertOk(get("/api/v1/dead-letters?size=3", SALON));
        JsonNode third = assertOk(get("/api/v1/dead-letters?size=3&page=2", SALON));
        JsonNode smsOnly = assertOk(get("/api/v1/dead-letters?type=sms.send&size=2&page=1", SALON));

        assertThat(first.path("items")).hasSize(3);
        assertThat(first.path("total").asLong()).isEqualTo(7);
        assertThat(first.path("size").asInt()).isEqualTo(3);
        assertThat(third.path("items")).hasSize(1);
        assertThat(third.path("page").asInt()).isEqualTo(2);
        assertThat(ids(get("/api/v1/dead-letters?size=3&page=2", SALON))).isEqualTo(ids(sms[0]));
        assertThat(first.path("counts").path("byType").properties()).hasSize(2);
        assertThat(first.path("counts").path("byType").path("sms.send").asLong())
                .isEqualTo(6);
        assertThat(first.path("counts").path("byType").path("email.send").asLong())
                .isEqualTo(1);
        assertThat(first.path("counts")
                        .path("byErrorClass")
                        .path("java.lang.IllegalStateException")
                        .asLong())
                .isEqualTo(5);
        assertThat(first.path("counts")
                        .path("byErrorClass")
                        .path(GatewayDown.class.getName())
                        .asLong())
                .isEqualTo(2);
        // the counts follow the filter, not the page
        assertThat(ids(get("/api/v1/dead-letters?type=sms.send&size=2&page=1", SALON)))
                .isEqualTo(ids(sms[3], sms[2]));
        assertThat(smsOnly.path("total").asLong()).isEqualTo(6);
        assertThat(smsOnly.path("counts").path("byType").properties()).hasSize(1);
        assertThat(smsOnly.path("counts")
                        .path("byErrorClass")
                        .path(GatewayDown.class.getName())
                        .asLong())
                .isEqualTo(1);
        assertThat(assertOk(get("/api/v1/dead-letters?page=9", SALON)).path("items"))
                .isEmpty();
    }
}
