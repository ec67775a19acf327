package dev.lineup.api.jobtypes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.lineup.core.catalog.EmailTemplate;
import dev.lineup.core.catalog.JobCatalog;
import dev.lineup.core.catalog.JobType;
import dev.lineup.core.catalog.SendEmail;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.metadata.BeanDescriptor;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.ContainerElementTypeDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import org.springframework.stereotype.Component;

import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job catalog described for producers, built from the records themselves: their components
 * and their Bean Validation constraints, so the description cannot drift from what the API checks.
 */
@Component
class JobTypeDescriptions {

    record Types(List<TypeView> types) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TypeView(
            String name,
            String description,
            String defaultPriority,
            RetryView retry,
            String timeout,
            List<FieldView> fields,
            List<TemplateView> templates) {}

    /** @param type string, object, array, date, or json (any JSON value) */
    /** The type's retry policy: attempts in all, and the ceilings of its jittered waits (ISO-8601). */
    record RetryView(int maxAttempts, String backoffBase, String backoffCap) {}

    record FieldView(String name, String type, boolean required, List<String> constraints) {}

    record TemplateView(String name, List<String> requiredVariables) {}

    private static final Set<Class<?>> REQUIRED = Set.of(NotNull.class, NotBlank.class, NotEmpty.class);

    private final Types types;

    JobTypeDescriptions(Validator validator) {
        this.types = new Types(
                JobCatalog.TYPES.stream().map(type -> describe(type, validator)).toList());
    }

    Types all() {
        return types;
    }

    private static TypeView describe(JobType<?> type, Validator validator) {
        BeanDescriptor bean = validator.getConstraintsForClass(type.recordClass());
        List<FieldView> fields = Arrays.stream(type.recordClass().getRecordComponents())
                .map(component -> field(component, bean.getConstraintsForProperty(component.getName())))
                .toList();
        List<TemplateView> templates = type.equals(SendEmail.TYPE)
                ? Arrays.stream(EmailTemplate.values())
                        .map(t -> new TemplateView(t.wireName(), t.requiredVariables()))
                        .toList()
                : null;
        var retry = new RetryView(
                type.retry().maxAttempts(),
                type.retry().base().toString(),
                type.retry().cap().toString());
        return new TypeView(
                type.name(),
                type.description(),
                type.defaultPriority().wireName(),
                retry,
                type.timeout().toString(),
                fields,
                templates);
    }

    private static FieldView field(RecordComponent component, PropertyDescriptor property) {
        Class<?> javaType = component.getType();
        String type = jsonType(component);
        if (property == null) return new FieldView(component.getName(), type, false, List.of());
        boolean required = property.getConstraintDescriptors().stream()
                .anyMatch(c -> REQUIRED.contains(c.getAnnotation().annotationType()));
        List<String> constraints = new ArrayList<>();
        property.getConstraintDescriptors().stream()
                .sorted(Comparator.comparing(
                        c -> c.getAnnotation().annotationType().getSimpleName()))
                .forEach(c -> ConstraintWords.describe(c, javaType).ifPresent(constraints::add));
        property.getConstrainedContainerElementTypes().stream()
                .sorted(Comparator.comparing(ContainerElementTypeDescriptor::getTypeArgumentIndex))
                .forEach(element -> {
                    String prefix = elementName(javaType, element.getTypeArgumentIndex());
                    element.getConstraintDescriptors().stream()
                            .sorted(Comparator.comparing((ConstraintDescriptor<?> c) ->
                                    c.getAnnotation().annotationType().getSimpleName()))
                            .forEach(c -> ConstraintWords.describeElement(c)
                                    .ifPresent(words -> constraints.add(prefix + words)));
                });
        return new FieldView(component.getName(), type, required, constraints);
    }

    private static String jsonType(RecordComponent component) {
        Class<?> type = component.getType();
        if (component.getAccessor().isAnnotationPresent(JsonRawValue.class)) return "json";
        if (Map.class.isAssignableFrom(type)) return "object";
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "array";
        if (type == LocalDate.class) return "date";
        if (Number.class.isAssignableFrom(type)) return "number";
        return "string";
    }

    private static String elementName(Class<?> container, int typeArgument) {
        if (Map.class.isAssignableFrom(container)) return typeArgument == 0 ? "each key: " : "each value: ";
        return "each item: ";
    }
}
