package dev.lineup.core.catalog;

import dev.lineup.core.job.FieldError;
import jakarta.validation.Validation;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadReaderTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final PayloadReader reader =
            new PayloadReader(json, Validation.buildDefaultValidatorFactory().getValidator());

    private JsonNode node(String text) {
        return json.readTree(text);
    }

    @Test
    void readsAValidPayloadIntoItsRecord() {
        var result = reader.read(SendSms.TYPE, node("{\"to\":\"+14155550123\",\"text\":\"hi\"}"));

        assertThat(result.valid()).isTrue();
        assertThat(result.job()).isEqualTo(new SendSms("+14155550123", "hi"));
    }

    @Test
    void namesEveryFieldThatFailsValidation() {
        var result = reader.read(SendSms.TYPE, node("{\"to\":\"12\",\"text\":\"\"}"));

        assertThat(result.errors()).extracting(FieldError::field).containsExactly("text", "to");
        assertThat(result.job()).isNull();
    }

    @Test
    void namesAnUnknownFieldAndListsTheKnownOnes() {
        var result = reader.read(SendSms.TYPE, node("{\"to\":\"+14155550123\",\"txt\":\"hi\"}"));

        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("txt");
            assertThat(e.message()).contains("to, text");
        });
    }

    @Test
    void namesAFieldOfTheWrongType() {
        var result = reader.read(DailyReport.TYPE, node("{\"date\":\"yesterday\"}"));

        assertThat(result.errors())
                .singleElement()
                .extracting(FieldError::field)
                .isEqualTo("date");
    }

    @Test
    void namesAMapEntryByItsKey() {
        var result =
                reader.read(CallWebhook.TYPE, node("{\"url\":\"https://a.example/x\",\"headers\":{\"Host\":\"b\"}}"));

        assertThat(result.errors())
                .singleElement()
                .extracting(FieldError::field)
                .isEqualTo("headers[Host]");
    }

    @Test
    void keepsAWebhookBodyAsJsonText() {
        var result = reader.read(CallWebhook.TYPE, node("{\"url\":\"https://a.example/x\",\"body\":{\"a\":[1,2]}}"));

        assertThat(result.job().body()).isEqualTo("{\"a\":[1,2]}");
        assertThat(result.job().method()).isEqualTo("POST");
    }

    @Test
    void requiresAnObject() {
        assertThat(reader.read(SendSms.TYPE, null).errors())
                .singleElement()
                .extracting(FieldError::message)
                .isEqualTo("is required");
        assertThat(reader.read(SendSms.TYPE, node("[1]")).errors())
                .singleElement()
                .extracting(FieldError::message)
                .isEqualTo("must be a JSON object");
    }
}
