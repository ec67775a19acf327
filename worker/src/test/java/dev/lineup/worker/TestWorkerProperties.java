package dev.lineup.worker;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.ResourcePropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link WorkerProperties} bound from the real {@code lineup-worker.properties}, for handlers
 * built as plain objects: tests run on the shipped defaults, not on a copy of them.
 */
public final class TestWorkerProperties {

    private TestWorkerProperties() {}

    /** The defaults, with some {@code key=value} settings changed. */
    public static WorkerProperties load(String... overrides) {
        var environment = new StandardEnvironment();
        // the developer's own LINEUP_* variables must not change what tests see
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        Map<String, Object> changed = new HashMap<>();
        for (String override : overrides) {
            String[] keyValue = override.split("=", 2);
            changed.put(keyValue[0], keyValue[1]);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("overrides", changed));
        try {
            environment.getPropertySources().addLast(new ResourcePropertySource("classpath:lineup-worker.properties"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Binder.get(environment).bindOrCreate("lineup.worker", WorkerProperties.class);
    }
}
