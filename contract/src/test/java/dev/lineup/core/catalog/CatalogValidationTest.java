package dev.lineup.core.catalog;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogValidationTest {

    private final Validator validator =
            Validation.buildDefaultValidatorFactory().getValidator();

    private Set<String> badFields(Object record) {
        return validator.validate(record).stream()
                .map(ConstraintViolation::getPropertyPath)
                .map(Object::toString)
                .collect(Collectors.toSet());
    }

    @Test
    void examplesAreValid() {
        assertThat(badFields(Examples.templatedEmail())).isEmpty();
        assertThat(badFields(Examples.plainEmail())).isEmpty();
        assertThat(badFields(Examples.htmlEmail())).isEmpty();
        assertThat(badFields(Examples.sms())).isEmpty();
        assertThat(badFields(Examples.webhook("http://localhost:8080/x?y=1"))).isEmpty();
        assertThat(badFields(Examples.report())).isEmpty();
    }

    @Test
    void emailNeedsATemplateOrABodyWithASubject() {
        assertThat(badFields(new SendEmail("a@example.com", null, null, null, null)))
                .containsExactly("body");
        assertThat(badFields(new SendEmail("a@example.com", null, null, null, "hi")))
                .containsExactly("subject");
        assertThat(badFields(new SendEmail("a@example.com", "s", "appointment-reminder", null, "hi")))
                .containsExactly("template");
        assertThat(badFields(new SendEmail("a@example.com", null, "no-such-template", null, null)))
                .containsExactly("template");
        assertThat(badFields(new SendEmail("not-an-address", "s", null, null, "hi")))
                .containsExactly("to");
    }

    @Test
    void theProducersHtmlNeedsASubjectAndNoTemplate() {
        assertThat(badFields(new SendEmail("a@example.com", "s", null, null, null, "<p>hi</p>")))
                .isEmpty();
        assertThat(badFields(new SendEmail("a@example.com", null, null, null, null, "<p>hi</p>")))
                .containsExactly("subject");
        assertThat(badFields(new SendEmail(
                        "a@example.com", null, "verification-code", Map.of("code", "1"), null, "<p>hi</p>")))
                .containsExactly("html");
        assertThat(badFields(new SendEmail("a@example.com", "s", null, null, null, "x".repeat(50_001))))
                .containsExactly("html");
    }

    @Test
    void theNewTemplatesVariablesAreCheckedAtEnqueue() {
        assertThat(validator.validate(
                        new SendEmail("a@example.com", null, "password-reset", Map.of("customerName", "Ada"), null)))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.getPropertyPath().toString()).isEqualTo("variables");
                    assertThat(v.getMessage())
                            .isEqualTo("missing resetUrl, expiresInMinutes, required by template password-reset");
                });
        assertThat(badFields(new SendEmail("a@example.com", null, "welcome", Map.of("customerName", "Ada"), null)))
                .containsExactly("variables");
        assertThat(badFields(
                        new SendEmail("a@example.com", null, "welcome", EmailTemplate.WELCOME.sampleVariables(), null)))
                .isEmpty();
    }

    @Test
    void aLinkVariableMustBeAWebUrl() {
        var variables = new java.util.HashMap<>(EmailTemplate.PASSWORD_RESET.sampleVariables());
        variables.put("resetUrl", "javascript:alert(1)");

        assertThat(validator.validate(new SendEmail("a@example.com", null, "password-reset", variables, null)))
                .singleElement()
                .satisfies(v -> assertThat(v.getMessage()).isEqualTo("resetUrl must be an http or https URL"));
    }

    @Test
    void templateVariablesAreCheckedAtEnqueue() {
        var email = new SendEmail("a@example.com", null, "appointment-reminder", Map.of("customerName", "Ada"), null);

        assertThat(validator.validate(email)).singleElement().satisfies(v -> {
            assertThat(v.getPropertyPath().toString()).isEqualTo("variables");
            assertThat(v.getMessage()).contains("businessName").contains("startsAt");
        });
    }

    @Test
    void smsNeedsAnE164Number() {
        assertThat(badFields(new SendSms("0612345678", "hi"))).containsExactly("to");
        assertThat(badFields(new SendSms("+31612345678", ""))).containsExactly("text");
    }

    @Test
    void webhookRejectsOtherSchemesMethodsAndRestrictedHeaders() {
        assertThat(badFields(new CallWebhook("ftp://example.com/x", null, null, null)))
                .containsExactly("url");
        assertThat(badFields(new CallWebhook("https://example.com/x", "TRACE", null, null)))
                .containsExactly("method");
        assertThat(badFields(new CallWebhook("https://example.com/x", null, Map.of("Host", "evil"), null)))
                .singleElement()
                .asString()
                .startsWith("headers");
    }
}
