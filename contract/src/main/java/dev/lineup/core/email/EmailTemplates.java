package dev.lineup.core.email;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import dev.lineup.core.catalog.EmailTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every {@link EmailTemplate} compiled from {@code templates/email/<name>.subject.mustache},
 * {@code .txt.mustache} and {@code .html.mustache}: the worker renders what it sends with it,
 * the jobs API what it previews, so both show the same email. The HTML parts extend
 * {@code layout.html.mustache} ({@code {{<layout.html}}}), which holds the page around the content.
 *
 * <p>All files are read once, when this is built: a missing file, or a template naming a
 * variable its {@link EmailTemplate} does not require (and enqueue would not check), stops the
 * app at startup instead of failing jobs.
 */
public final class EmailTemplates {

    private static final String DIRECTORY = "templates/email/";

    /** Subject and text go out as written: nothing is HTML-escaped. */
    private static final Mustache.Compiler PLAIN =
            Mustache.compiler().escapeHTML(false).withLoader(EmailTemplates::open);
    /** The HTML part escapes every variable, so a customer named {@code <b>} cannot add markup. */
    private static final Mustache.Compiler HTML =
            Mustache.compiler().escapeHTML(true).withLoader(EmailTemplates::open);

    private record Compiled(Template subject, Template text, Template html) {}

    private final Map<EmailTemplate, Compiled> templates = new EnumMap<>(EmailTemplate.class);

    public EmailTemplates() {
        for (EmailTemplate template : EmailTemplate.values()) {
            var compiled = new Compiled(
                    compile(PLAIN, template, "subject"),
                    compile(PLAIN, template, "txt"),
                    compile(HTML, template, "html"));
            templates.put(template, compiled);
        }
    }

    /**
     * Renders a template. Variables the template does not name are ignored.
     *
     * @throws MissingTemplateVariable when the template names a variable not given
     */
    public RenderedEmail render(EmailTemplate template, Map<String, String> variables) {
        Compiled compiled = templates.get(template);
        Map<String, String> context = variables == null ? Map.of() : variables;
        try {
            String subject = compiled.subject().execute(context).strip().replaceAll("\\s+", " ");
            return new RenderedEmail(
                    subject, compiled.text().execute(context), compiled.html().execute(context));
        } catch (MustacheException.Context e) {
            throw new MissingTemplateVariable(template.wireName(), e.key, e);
        }
    }

    private static Template compile(Mustache.Compiler compiler, EmailTemplate template, String part) {
        String name = template.wireName() + "." + part;
        Template compiled;
        try (Reader reader = open(name)) {
            compiled = compiler.compile(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the email template " + DIRECTORY + name + ".mustache", e);
        } catch (MustacheException e) {
            throw new IllegalStateException(
                    "the email template " + DIRECTORY + name + ".mustache does not compile: " + e.getMessage(), e);
        }
        Set<String> unlisted = new TreeSet<>(namesIn(compiled));
        unlisted.removeAll(template.requiredVariables());
        if (!unlisted.isEmpty()) {
            throw new IllegalStateException(
                    "the email template " + DIRECTORY + name + ".mustache names " + unlisted + ", which EmailTemplate."
                            + template.name() + " does not list; add them there so enqueue checks them");
        }
        return compiled;
    }

    /** Every variable and section name in a template, its layout included. */
    private static Set<String> namesIn(Template template) {
        Set<String> names = new TreeSet<>();
        template.visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {}

            @Override
            public void visitVariable(String name) {
                names.add(name);
            }

            @Override
            public boolean visitInclude(String name) {
                return true;
            }

            @Override
            public boolean visitParent(String name) {
                return true;
            }

            @Override
            public boolean visitBlock(String name) {
                return true;
            }

            @Override
            public boolean visitSection(String name) {
                names.add(name);
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                names.add(name);
                return true;
            }
        });
        return names;
    }

    /** A file of {@code templates/email/}, by its name without {@code .mustache}: a template's part or a layout. */
    private static Reader open(String name) throws IOException {
        String path = DIRECTORY + name + ".mustache";
        InputStream in = EmailTemplates.class.getClassLoader().getResourceAsStream(path);
        if (in == null) throw new IOException(path + " is not on the classpath");
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
