package dev.lineup.core.email;

import dev.lineup.core.catalog.EmailTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every template renders its three parts from its variables; the HTML part escapes them. */
class EmailTemplatesTest {

    private static final EmailTemplates templates = new EmailTemplates();

    @ParameterizedTest
    @EnumSource(EmailTemplate.class)
    void everyTemplateRendersEveryVariableInEveryPart(EmailTemplate template) {
        RenderedEmail email = templates.render(template, template.sampleVariables());

        assertThat(email.subject()).isNotBlank().doesNotContain("\n").doesNotContain("{{");
        assertThat(email.text()).isNotBlank().doesNotContain("{{").doesNotContain("<");
        assertThat(email.html())
                .startsWith("<!DOCTYPE html>")
                .contains("</html>")
                .doesNotContain("{{")
                .doesNotContain("<img")
                .doesNotContain("<script")
                .doesNotContain("<link")
                .doesNotContain("http://");
        for (var variable : template.sampleVariables().entrySet()) {
            assertThat(email.text()).as("text names %s", variable.getKey()).contains(variable.getValue());
            assertThat(email.html()).as("html names %s", variable.getKey()).contains(escaped(variable.getValue()));
        }
    }

    @Test
    void theReminderReadsWell() {
        RenderedEmail email = templates.render(
                EmailTemplate.APPOINTMENT_REMINDER,
                Map.of("customerName", "Ada", "businessName", "Fade & Co", "startsAt", "Tue 10:30"));

        assertThat(email.subject()).isEqualTo("Reminder: your appointment at Fade & Co, Tue 10:30");
        assertThat(email.text())
                .startsWith("Hi Ada,\n\nThis is a friendly reminder of your appointment at Fade & Co on Tue 10:30.");
        assertThat(email.html())
                .contains("<title>Your appointment at Fade &amp; Co</title>")
                .contains("See you soon, Ada</h1>")
                .contains(">Fade &amp; Co</p>");
    }

    @Test
    void thePasswordResetLinksToTheResetUrl() {
        RenderedEmail email = templates.render(
                EmailTemplate.PASSWORD_RESET,
                Map.of(
                        "customerName",
                        "Ada",
                        "resetUrl",
                        "https://app.example.com/reset?token=abc&u=7",
                        "expiresInMinutes",
                        "30"));

        assertThat(email.subject()).isEqualTo("Reset your password");
        assertThat(email.text())
                .contains("\nhttps://app.example.com/reset?token=abc&u=7\n")
                .contains("works for 30 minutes");
        // entities in an attribute are decoded by every HTML reader: the link goes to the URL as given
        assertThat(email.html()).contains("<a href=\"https://app.example.com/reset?token&#x3D;abc&amp;u&#x3D;7\"");
    }

    @Test
    void theHtmlPartEscapesVariablesAndTheTextPartDoesNot() {
        var variables = new HashMap<>(EmailTemplate.WELCOME.sampleVariables());
        variables.put("customerName", "<script>alert('hi')</script>");
        variables.put("businessName", "Tom & \"Jerry's\"");

        RenderedEmail email = templates.render(EmailTemplate.WELCOME, variables);

        assertThat(email.html())
                .doesNotContain("<script>")
                .contains("&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;")
                .contains("Tom &amp; &quot;Jerry&#39;s&quot;");
        assertThat(email.text()).contains("Hi <script>alert('hi')</script>,").contains("Welcome to Tom & \"Jerry's\"!");
        assertThat(email.subject()).isEqualTo("Welcome to Tom & \"Jerry's\"");
    }

    @Test
    void aVariableTheTemplateNamesButTheJobLacksFailsNamingIt() {
        assertThatThrownBy(() -> templates.render(EmailTemplate.VERIFICATION_CODE, Map.of("codes", "481516")))
                .isInstanceOf(MissingTemplateVariable.class)
                .hasMessage("email template verification-code needs the variable 'code', which the job does not give")
                .satisfies(e ->
                        assertThat(((MissingTemplateVariable) e).variable()).isEqualTo("code"));
    }

    @Test
    void extraVariablesAreIgnored() {
        RenderedEmail email =
                templates.render(EmailTemplate.VERIFICATION_CODE, Map.of("code", "481516", "unused", "x"));

        assertThat(email.subject()).isEqualTo("Your verification code is 481516");
    }

    private static String escaped(String value) {
        return value.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;")
                .replace("=", "&#x3D;")
                .replace("`", "&#x60;");
    }
}
