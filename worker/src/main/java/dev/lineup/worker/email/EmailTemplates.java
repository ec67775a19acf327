package dev.lineup.worker.email;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import dev.lineup.core.catalog.EmailTemplate;
import dev.lineup.core.run.PermanentFailure;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * The subject and text of every {@link EmailTemplate}, read from
 * {@code templates/email/<name>.subject.mustache} and {@code <name>.txt.mustache} once at
 * startup, so a missing file stops the worker instead of failing jobs.
 */
@Component
class EmailTemplates {

    private record Compiled(Template subject, Template text) {
    }

    /** Plain text: nothing is HTML-escaped, and a variable the template names must be given. */
    private static final Mustache.Compiler COMPILER = Mustache.compiler().escapeHTML(false);

    private final Map<EmailTemplate, Compiled> templates = new EnumMap<>(EmailTemplate.class);

    EmailTemplates() {
        for (EmailTemplate template : EmailTemplate.values()) {
            templates.put(template, new Compiled(compile(template, "subject"), compile(template, "txt")));
        }
    }

    /** The rendered subject (on one line) and text of a template. */
    record Rendered(String subject, String text) {
    }

    Rendered render(String templateName, Map<String, String> variables) {
        EmailTemplate template = EmailTemplate.parse(templateName).orElseThrow(() -> new PermanentFailure(
                "unknown email template '" + templateName + "'; known: " + EmailTemplate.names()));
        Compiled compiled = templates.get(template);
        Map<String, String> context = variables == null ? Map.of() : variables;
        try {
            String subject = compiled.subject().execute(context).strip().replaceAll("\\s+", " ");
            return new Rendered(subject, compiled.text().execute(context));
        } catch (MustacheException e) {
            throw new PermanentFailure("cannot render email template " + templateName + ": " + e.getMessage(), e);
        }
    }

    private static Template compile(EmailTemplate template, String part) {
        var resource = new ClassPathResource("templates/email/" + template.wireName() + "." + part + ".mustache");
        try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            return COMPILER.compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the email template " + resource.getPath(), e);
        }
    }
}
