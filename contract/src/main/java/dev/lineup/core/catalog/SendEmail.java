package dev.lineup.core.catalog;

import dev.lineup.core.job.Priority;
import dev.lineup.core.run.LineupJob;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code email.send}: one email to one recipient, either rendered from a {@link EmailTemplate}
 * with its variables (a plain-text and an HTML part), or written by the producer: a subject with
 * a plain-text body, an HTML body, or both (sent as the two parts of one email).
 *
 * <p>Template variables are inserted as given into the subject and text, and HTML-escaped into
 * the HTML part, so a variable cannot add markup. A producer's own {@code html} is sent as it is.
 *
 * @param to        the recipient's address
 * @param subject   the subject; required with a body or html, overrides the template's subject otherwise
 * @param template  a template name, e.g. {@code appointment-reminder}; mutually exclusive with body and html
 * @param variables the template's variables; each it requires must be given, and one whose name
 *                  ends in {@code Url} (e.g. {@code resetUrl}) must be an http(s) URL
 * @param body      a plain-text body written by the producer
 * @param html      an HTML body written by the producer; with a body, the email carries both
 *                  and the recipient's mail program shows the one it prefers
 */
@SendEmail.Content
public record SendEmail(
        @NotBlank @Email @Size(max = 254) String to,
        @Size(max = 200) String subject,
        String template,
        @Size(max = 50) Map<@NotBlank @Size(max = 64) String, @NotNull @Size(max = 2000) String> variables,
        @Size(max = 20_000) String body,
        @Size(max = 50_000) String html)
        implements LineupJob {

    public static final JobType<SendEmail> TYPE = new JobType<>(
            "email.send",
            SendEmail.class,
            Priority.NORMAL,
            new RetryPolicy(8, Duration.ofSeconds(10), Duration.ofHours(1)),
            Duration.ofMinutes(1),
            "Sends one email, from a template with variables or from a subject with a plain-text body, an HTML body or both.");

    /** An email without a producer-written HTML body: the record as it was before {@code html}. */
    public SendEmail(String to, String subject, String template, Map<String, String> variables, String body) {
        this(to, subject, template, variables, body, null);
    }

    /** Either a known template with all its variables, or a body and/or html with a subject. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = ContentValidator.class)
    public @interface Content {
        String message() default "give a template or a subject with a body and/or html";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class ContentValidator implements ConstraintValidator<Content, SendEmail> {

        @Override
        public boolean isValid(SendEmail email, ConstraintValidatorContext context) {
            context.disableDefaultConstraintViolation();
            boolean hasTemplate = email.template() != null;
            boolean hasBody = email.body() != null && !email.body().isBlank();
            boolean hasHtml = email.html() != null && !email.html().isBlank();
            if (hasTemplate && hasBody) {
                return violation(context, "template", "give either a template or a body, not both");
            }
            if (hasTemplate && hasHtml) {
                return violation(
                        context, "html", "cannot go with a template, which has its own HTML; drop one of them");
            }
            if (!hasTemplate && !hasBody && !hasHtml) {
                return violation(context, "body", "give a body and/or html (with a subject), or a template");
            }
            if (!hasTemplate) {
                return (email.subject() != null && !email.subject().isBlank())
                        || violation(context, "subject", "is required with a body or html");
            }
            var template = EmailTemplate.parse(email.template());
            if (template.isEmpty()) {
                return violation(context, "template", "unknown template; known: " + EmailTemplate.names());
            }
            Map<String, String> given = email.variables() == null ? Map.of() : email.variables();
            List<String> missing = template.get().requiredVariables().stream()
                    .filter(v -> !given.containsKey(v))
                    .toList();
            if (!missing.isEmpty()) {
                return violation(
                        context,
                        "variables",
                        "missing " + String.join(", ", missing) + ", required by template " + email.template());
            }
            // a link in the HTML part must not be javascript: or a relative path the mail program resolves oddly
            // (only the template's own names go into the message: the producer's keys are not message templates)
            List<String> notUrls = template.get().requiredVariables().stream()
                    .filter(name -> name.endsWith("Url")
                            && given.get(name) != null
                            && !given.get(name).matches("(?i)https?://\\S+"))
                    .toList();
            return notUrls.isEmpty()
                    || violation(context, "variables", String.join(", ", notUrls) + " must be an http or https URL");
        }

        private static boolean violation(ConstraintValidatorContext context, String field, String message) {
            context.buildConstraintViolationWithTemplate(message)
                    .addPropertyNode(field)
                    .addConstraintViolation();
            return false;
        }
    }
}
