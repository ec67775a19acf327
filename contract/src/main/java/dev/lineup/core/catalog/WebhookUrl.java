package dev.lineup.core.catalog;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * An absolute http or https URL that an HTTP client can call as written: it parses as a URI
 * with a host (a name, an IPv4 address or a bracketed IPv6 address), its port is 1 to 65535, and
 * it carries no user info. Checked at enqueue, so a webhook never fails on its first run for a
 * reason its request already showed. Which addresses may be called is the egress policy's
 * decision, at run time.
 */
@Documented
@Constraint(validatedBy = WebhookUrl.Validator.class)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface WebhookUrl {

    String message() default "must be an absolute http or https URL with a valid host and a port from 1 to 65535";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<WebhookUrl, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) return true; // @NotBlank says it is required
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                return false;
            }
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) return false;
            // a server-based authority parses into a host; one that does not (e.g. [::1/x) leaves it null
            if (uri.getHost() == null || uri.getRawUserInfo() != null || !uri.isAbsolute() || uri.isOpaque())
                return false;
            int port = uri.getPort();
            return port == -1 || (port >= 1 && port <= 65535);
        }
    }
}
