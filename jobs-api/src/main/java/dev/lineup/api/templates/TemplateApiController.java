package dev.lineup.api.templates;

import dev.lineup.api.problem.ApiProblem;
import dev.lineup.core.catalog.EmailTemplate;
import dev.lineup.core.catalog.SendEmail;
import dev.lineup.core.email.EmailTemplates;
import dev.lineup.core.email.RenderedEmail;
import dev.lineup.core.job.FieldError;
import jakarta.validation.Validator;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The email templates a producer can name in {@code email.send}, and a preview of each: rendered
 * by the same code and files the worker sends with, so what it shows is what customers get.
 */
@RestController
@RequestMapping("/api/v1/templates")
class TemplateApiController {

    /** The query parameter that picks the answer's form; every other one is a variable. */
    private static final String PART = "part";

    /**
     * The HTML preview runs in the API's origin: no scripts, no requests anywhere, only the
     * inline styles emails use. Variables are escaped already; this is the second lock.
     */
    private static final String HTML_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    private final EmailTemplates templates;
    private final Validator validator;

    TemplateApiController(EmailTemplates templates, Validator validator) {
        this.templates = templates;
        this.validator = validator;
    }

    record Templates(List<Template> templates) {}

    /**
     * @param name              the name {@code email.send} takes
     * @param requiredVariables what a job naming it must give
     * @param sampleVariables   a value for each, which the preview uses for those not given
     * @param preview           where to see it rendered
     */
    record Template(String name, List<String> requiredVariables, Map<String, String> sampleVariables, String preview) {}

    /** A rendered template and the variables it was rendered with. */
    record Preview(String template, String subject, String text, String html, Map<String, String> variables) {}

    /** {@code GET /api/v1/templates}: every template with its required variables and sample values. */
    @GetMapping
    Templates list() {
        return new Templates(Arrays.stream(EmailTemplate.values())
                .map(t -> new Template(
                        t.wireName(),
                        t.requiredVariables(),
                        t.sampleVariables(),
                        "/api/v1/templates/" + t.wireName() + "/preview"))
                .toList());
    }

    /**
     * {@code GET /api/v1/templates/{name}/preview?customerName=Ada&part=html}: the template rendered
     * with the query parameters as its variables, each one not given taken from the samples. JSON
     * {@code {template, subject, text, html, variables}} by default; {@code part=html} answers the
     * HTML part itself (a browser shows it), {@code part=text} the plain-text part. Variables are
     * checked as {@code email.send} checks them; a parameter the template has no variable for is a
     * 400, so a misspelt name does not silently show the sample.
     */
    @GetMapping("/{name}/preview")
    ResponseEntity<?> preview(
            @PathVariable String name,
            @RequestParam(name = PART, required = false) String part,
            @RequestParam Map<String, String> query) {
        EmailTemplate template = EmailTemplate.parse(name)
                .orElseThrow(() -> ApiProblem.notFound(
                        "There is no email template '" + name + "'. Known templates: " + EmailTemplate.names() + "."));
        if (part != null && !part.equals("html") && !part.equals("text")) {
            throw ApiProblem.invalid(PART, "must be html or text; leave it out for JSON");
        }
        Map<String, String> variables = variables(template, query);
        RenderedEmail email = templates.render(template, variables);
        if ("html".equals(part)) {
            return ResponseEntity.ok()
                    .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .header("Content-Security-Policy", HTML_POLICY)
                    .header("X-Content-Type-Options", "nosniff")
                    .body(email.html());
        }
        if ("text".equals(part)) {
            return ResponseEntity.ok()
                    .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                    .header("X-Content-Type-Options", "nosniff")
                    .body(email.text());
        }
        return ResponseEntity.ok(
                new Preview(template.wireName(), email.subject(), email.text(), email.html(), variables));
    }

    /** The samples, overridden by the query's values; refused as {@code email.send} would refuse them. */
    private Map<String, String> variables(EmailTemplate template, Map<String, String> query) {
        Map<String, String> variables = new LinkedHashMap<>(template.sampleVariables());
        List<FieldError> errors = new ArrayList<>();
        query.forEach((parameter, value) -> {
            if (parameter.equals(PART)) return;
            if (variables.containsKey(parameter)) {
                variables.put(parameter, value);
            } else {
                errors.add(new FieldError(
                        parameter,
                        "is not a variable of template " + template.wireName() + "; its variables: "
                                + String.join(", ", template.requiredVariables())));
            }
        });
        if (errors.isEmpty()) {
            var email = new SendEmail("preview@example.com", null, template.wireName(), variables, null);
            validator.validate(email).forEach(violation -> errors.add(FieldError.of(violation)));
        }
        if (!errors.isEmpty()) throw ApiProblem.invalid("The preview has invalid variables.", errors);
        return variables;
    }
}
