package dev.lineup.core.catalog;

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
 * with its variables, or written by the producer as a subject and a plain-text body.
 *
 * @param to        the recipient's address
 * @param subject   the subject; required with a body, overrides the template's subject otherwise
 * @param template  a template name, e.g. {@code appointment-reminder}; mutually exclusive with body
 * @param variables the template's variables
 * @param body      a plain-text body written by the producer
 */
@SendEmail.Content
public record SendEmail(
        @NotBlank @Email @Size(max = 254) String to,
        @Size(max = 200) String subject,
        String template,
        @Size(max = 50) Map<@NotBlank @Size(max = 64) String, @NotNull @Size(max = 2000) String> variables,
        @Size(max = 20_000) String body) implements LineupJob {

    public static final JobType<SendEmail> TYPE = new JobType<>("email.send", SendEmail.class, Priority.NORMAL,
            new RetryPolicy(8, Duration.ofSeconds(10), Duration.ofHours(1)), Duration.ofMinutes(1),
            "Sends one email, from a template with variables or from a subject and body.");

    /** Either a known template with all its variables, or a body with a subject. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = ContentValidator.class)
    public @interface Content {
        String message() default "give a template or a subject and body";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class ContentValidator implements ConstraintValidator<Content, SendEmail> {

        @Override
        public boolean isValid(SendEmail email, ConstraintValidatorContext context) {
            context.disableDefaultConstraintViolation();
            boolean hasTemplate = email.template() != null;
            boolean hasBody = email.body() != null && !email.body().isBlank();
            if (hasTemplate && hasBody) {
                return violation(context, "template", "give either a template or a body, not both");
            }
            if (!hasTemplate && !hasBody) {
                return violation(context, "body", "give a body (with a subject) or a template");
            }
            if (hasBody) {
                return email.subject() != null && !email.subject().isBlank()
                        || violation(context, "subject", "is required with a body");
            }
            var template = EmailTemplate.parse(email.template());
            if (template.isEmpty()) {
                return violation(context, "template", "unknown template; known: " + EmailTemplate.names());
            }
            Map<String, String> given = email.variables() == null ? Map.of() : email.variables();
            List<String> missing = template.get().requiredVariables().stream().filter(v -> !given.containsKey(v)).toList();
            return missing.isEmpty()
                    || violation(context, "variables", "missing " + String.join(", ", missing) + ", required by template " + email.template());
        }

        private static boolean violation(ConstraintValidatorContext context, String field, String message) {
            context.buildConstraintViolationWithTemplate(message).addPropertyNode(field).addConstraintViolation();
            return false;
        }
    }
}
