package dev.lineup.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/compose.yaml read as YAML (anchors and merge keys resolved as Compose does): every
 * role runs as its own service, the worker can be scaled, and what the services name exists.
 */
class ComposeFileTest {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+][^}]*)?}");

    private final String text = Repository.read("docker/compose.yaml");
    private final Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);

    @Test
    void everyRoleIsItsOwnServiceOnTheImage() {
        Map<String, Map<String, Object>> services = services();
        assertThat(services).containsKeys("postgres", "redis", "mailpit", "api", "scheduler", "dashboard", "worker");
        for (String role : List.of("api", "scheduler", "dashboard", "worker")) {
            Map<String, Object> service = services.get(role);
            assertThat(environment(service)).as(role).containsEntry("LINEUP_ROLES", role);
            assertThat(service.get("image")).as(role).isEqualTo("lineup-server:local");
            @SuppressWarnings("unchecked")
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            assertThat(build).as(role).containsEntry("context", "..").containsEntry("dockerfile", "docker/Dockerfile");
            assertThat(Repository.path("docker/Dockerfile")).exists();
        }
        assertThat(((String) services.get("postgres").get("image"))).startsWith("postgres:17");
    }

    @Test
    void theWorkerScales() {
        Map<String, Object> worker = services().get("worker");
        assertThat(worker).doesNotContainKeys("container_name", "ports", "hostname");
        int grace = Integer.parseInt(((String) environment(worker).get("LINEUP_WORKER_STOP_GRACE")).replace("s", ""));
        int stopGracePeriod = Integer.parseInt(((String) worker.get("stop_grace_period")).replace("s", ""));
        assertThat(stopGracePeriod)
                .as("stop_grace_period leaves the worker its grace and a margin")
                .isGreaterThan(grace);
    }

    @Test
    void rolesWaitForAHealthyDatabaseAndReachTheServicesByName() {
        Map<String, Map<String, Object>> services = services();
        assertThat(services.get("postgres")).containsKey("healthcheck");
        for (String role : List.of("api", "scheduler", "dashboard", "worker")) {
            Map<String, Object> service = services.get(role);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> dependsOn = (Map<String, Map<String, Object>>) service.get("depends_on");
            assertThat(dependsOn.get("postgres")).as(role).containsEntry("condition", "service_healthy");
            dependsOn.forEach((name, condition) -> {
                assertThat(services).as("%s depends on %s", role, name).containsKey(name);
                if ("service_healthy".equals(condition.get("condition"))) {
                    assertThat(services.get(name))
                            .as("%s is waited for as healthy", name)
                            .containsKey("healthcheck");
                }
            });
            Map<String, Object> env = environment(service);
            assertThat((String) env.get("LINEUP_DATABASE_URL")).startsWith("jdbc:postgresql://postgres:5432/lineup");
            assertThat(env.get("LINEUP_DATABASE_PASSWORD"))
                    .as("required, no default in the app")
                    .isNotNull();
            assertThat((String) env.get("LINEUP_REDIS_URL")).startsWith("redis://redis:");
            assertThat(env).containsEntry("LINEUP_EMAIL_PROVIDER", "smtp").containsEntry("SPRING_MAIL_HOST", "mailpit");
            for (String variable : env.keySet()) {
                if (variable.startsWith("LINEUP_") || variable.startsWith("SPRING_MAIL_")) {
                    assertThat(Repository.isDocumented(variable))
                            .as("%s of %s is in docs/configuration.md", variable, role)
                            .isTrue();
                }
            }
        }
        assertThat(services.get("mailpit").toString()).contains("8025");
    }

    @Test
    void everyVariableReferenceHasADefault() {
        Matcher m = REFERENCE.matcher(text);
        int references = 0;
        while (m.find()) {
            references++;
            assertThat(m.group(2))
                    .as("${%s} needs a default (:-) so that compose up works without a .env", m.group(1))
                    .isNotNull()
                    .startsWith(":-");
        }
        assertThat(references).isPositive();
        // no bare $NAME either (Compose would read it as a reference too)
        assertThat(Pattern.compile("\\$[A-Za-z_]").matcher(text).find()).isFalse();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        assertThat(env).as("environment as a map").isInstanceOf(Map.class);
        return (Map<String, Object>) env;
    }
}
