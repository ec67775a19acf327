package dev.lineup.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart, without a cluster: linted strictly, rendered with the default values and the
 * variations in {@code helm/lineup/ci}, read back as Kubernetes' own types, and fed values its
 * schema and templates must refuse. Helm runs in this JVM (helm-java's bundled native library).
 */
class ChartTest {

    private static final Path CHART = Repository.path("helm/lineup");
    private static final String RELEASE = "jobs";
    private static final String NAMESPACE = "lineup";
    private static final String PREFIX = "jobs-lineup-";
    /** Variables whose values are secret: only ever from a Secret, never in a ConfigMap. */
    private static final Set<String> SECRET_VARIABLES = Set.of(
            "LINEUP_DATABASE_USERNAME",
            "LINEUP_DATABASE_PASSWORD",
            "LINEUP_API_KEYS",
            "LINEUP_DASHBOARD_PASSWORD",
            "LINEUP_TWILIO_ACCOUNT_SID",
            "LINEUP_TWILIO_AUTH_TOKEN",
            "SPRING_MAIL_USERNAME",
            "SPRING_MAIL_PASSWORD");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @BeforeAll
    static void helmVersion() {
        System.out.println("Helm (helm-java native library): " + Helm.version().call());
    }

    @Test
    void lintsStrictlyWithoutWarnings() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed())
                .as("helm lint --strict: %s", result.getMessages())
                .isFalse();
    }

    @Test
    void defaultValuesMakeOneDeploymentPerRoleAndPool() {
        Rendered r = render(null);
        assertThat(r.deployments().keySet())
                .containsExactlyInAnyOrder(
                        PREFIX + "api",
                        PREFIX + "scheduler",
                        PREFIX + "dashboard",
                        PREFIX + "worker-urgent",
                        PREFIX + "worker-bulk");
        assertThat(env(r.deployment("api"), "LINEUP_ROLES")).isEqualTo("api");
        assertThat(env(r.deployment("scheduler"), "LINEUP_ROLES")).isEqualTo("scheduler");
        assertThat(env(r.deployment("dashboard"), "LINEUP_ROLES")).isEqualTo("dashboard");
        assertThat(env(r.deployment("worker-urgent"), "LINEUP_ROLES")).isEqualTo("worker");
        assertThat(env(r.deployment("worker-urgent"), "LINEUP_WORKER_PRIORITIES"))
                .isEqualTo("critical,high");
        assertThat(env(r.deployment("worker-bulk"), "LINEUP_WORKER_PRIORITIES")).isEqualTo("normal,low");
        assertThat(env(r.deployment("worker-bulk"), "LINEUP_WORKER_THREADS")).isEqualTo("16");
        assertThat(r.deployment("scheduler").getSpec().getReplicas()).isEqualTo(1);
        assertThat(r.deployment("api").getSpec().getReplicas()).isEqualTo(2);
        // KEDA owns the pools' replicas
        assertThat(r.deployment("worker-urgent").getSpec().getReplicas()).isNull();

        Map<String, GenericKubernetesResource> scaled = r.byKind("ScaledObject");
        assertThat(scaled).containsOnlyKeys(PREFIX + "worker-urgent", PREFIX + "worker-bulk");
        assertScaledObject(r, "worker-urgent", 1, 10);
        assertScaledObject(r, "worker-bulk", 0, 5);
        assertThat(trigger(scaled.get(PREFIX + "worker-bulk")).get("type")).isEqualTo("postgresql");

        assertThat(r.services().keySet())
                .containsExactlyInAnyOrder(PREFIX + "api", PREFIX + "dashboard", PREFIX + "management");
        assertThat(r.byType(PodDisruptionBudget.class)).hasSize(5);
        assertThat(r.byKind("ServiceMonitor")).isEmpty();
        assertThat(r.byKind("PrometheusRule")).isEmpty();
        assertEveryPodIsSound(r, 25);
    }

    @Test
    void postgresqlTriggerCountsEachPoolsOwnPriorities() {
        Rendered r = render("postgresql-values.yaml");
        assertThat(r.deployments().keySet())
                .containsExactlyInAnyOrder(
                        PREFIX + "api",
                        PREFIX + "scheduler",
                        PREFIX + "dashboard",
                        PREFIX + "worker-critical",
                        PREFIX + "worker-standard",
                        PREFIX + "worker-low");
        assertThat(env(r.deployment("worker-standard"), "LINEUP_WORKER_PRIORITIES"))
                .isEqualTo("high,normal");
        assertScaledObject(r, "worker-critical", 1, 4);
        assertScaledObject(r, "worker-standard", 0, 8);
        assertScaledObject(r, "worker-low", 0, 2);
        // priorities as stored in jobrunr_jobs.lineup_priority: critical 0, high 1, normal 2, low 3
        Map<String, Object> critical = triggerMetadata(r, "worker-critical");
        Map<String, Object> standard = triggerMetadata(r, "worker-standard");
        Map<String, Object> low = triggerMetadata(r, "worker-low");
        assertThat((String) critical.get("query"))
                .contains("FROM jobrunr_jobs")
                .contains("lineup_priority IN (0)")
                .contains("state IN ('ENQUEUED', 'PROCESSING')");
        assertThat((String) standard.get("query")).contains("lineup_priority IN (1,2)");
        assertThat((String) low.get("query")).contains("lineup_priority IN (3)");
        assertThat(critical)
                .containsEntry("targetQueryValue", "8")
                .containsEntry("host", "db.example.internal")
                .containsEntry("dbName", "lineup_prod")
                .containsEntry("sslmode", "require");
        assertThat(standard).containsEntry("targetQueryValue", "64");
        // KEDA logs in with the same Secret the pods use
        GenericKubernetesResource auth = r.byKind("TriggerAuthentication").get(PREFIX + "database");
        assertThat(auth).isNotNull();
        assertThat(auth.toString()).contains("lineup-db-credentials");
        assertThat(r.configMap(PREFIX.substring(0, PREFIX.length() - 1)).getData())
                .containsEntry(
                        "LINEUP_DATABASE_URL", "jdbc:postgresql://db.example.internal:5432/lineup_prod?sslmode=require")
                .containsEntry("SPRING_MAIL_HOST", "smtp.example.com");
        assertThat(secretRef(r.deployment("worker-low"), "SPRING_MAIL_PASSWORD"))
                .isEqualTo("lineup-smtp");
        assertEveryPodIsSound(r, 25);
    }

    @Test
    void prometheusTriggerReadsTheQueueGaugeAndAlertsAreRendered() {
        Rendered r = render("prometheus-values.yaml");
        Map<String, Object> metadata = triggerMetadata(r, "worker-urgent");
        assertThat(trigger(r.byKind("ScaledObject").get(PREFIX + "worker-urgent"))
                        .get("type"))
                .isEqualTo("prometheus");
        assertThat((String) metadata.get("query"))
                .contains("lineup_queue_jobs{")
                .contains("priority=~\"critical|high\"")
                .contains("state=~\"waiting|running\"")
                .contains("namespace=\"lineup\"")
                .contains("service=\"jobs-lineup-management\"");
        assertThat((String) triggerMetadata(r, "worker-bulk").get("query")).contains("priority=~\"normal|low\"");
        assertThat(metadata)
                .containsEntry("serverAddress", "http://prometheus.monitoring.svc:9090")
                .containsEntry("threshold", "16");
        assertThat(r.byKind("TriggerAuthentication")).isEmpty();
        assertScaledObject(r, "worker-bulk", 0, 5);

        assertThat(r.byKind("ServiceMonitor")).containsOnlyKeys("jobs-lineup");
        GenericKubernetesResource rule = r.byKind("PrometheusRule").get("jobs-lineup");
        String rules = alertsAndExpressions(rule);
        assertThat(rules)
                .contains(
                        "LineupQueueAgeOverObjective",
                        "LineupDeadLettersRising",
                        "LineupCircuitBreakerOpen",
                        "LineupNoWorkerHeartbeat",
                        "LineupListenerNotListening");
        assertThat(rules)
                .contains(
                        "lineup_queue_oldest_waiting_seconds",
                        "lineup_dead_letters",
                        "resilience4j_circuitbreaker_state",
                        "jobrunr_background_job_server_last_heartbeat",
                        "lineup_dispatch_listening");
        assertThat(rules).contains("priority=\"critical\"}) > 30", "priority=\"low\"}) > 3600");

        assertThat(secretRef(r.deployment("worker-urgent"), "LINEUP_TWILIO_AUTH_TOKEN"))
                .isEqualTo("lineup-twilio");
        assertThat(secretRef(r.deployment("api"), "LINEUP_REDIS_URL")).isEqualTo("lineup-redis");
        assertThat(r.deployment("api")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnv())
                .extracting(EnvVar::getName)
                .doesNotContain("LINEUP_TWILIO_AUTH_TOKEN");
        assertEveryPodIsSound(r, 60);
    }

    @Test
    void withoutKedaEachPoolRunsAFixedNumberOfPods() {
        Rendered r = render("keda-off-values.yaml");
        assertThat(r.byKind("ScaledObject")).isEmpty();
        assertThat(r.byKind("TriggerAuthentication")).isEmpty();
        assertThat(r.deployment("worker-all").getSpec().getReplicas()).isEqualTo(3);
        // a pool at zero without KEDA would never run: it keeps one pod
        assertThat(r.deployment("worker-urgent").getSpec().getReplicas()).isEqualTo(1);
        assertThat(env(r.deployment("worker-all"), "LINEUP_WORKER_PRIORITIES")).isEqualTo("critical,high,normal,low");
        assertThat(r.configMap("jobs-lineup").getData())
                .containsEntry("LINEUP_AGING_HIGH", "5m")
                .containsEntry("LINEUP_RATE_LIMIT_WORKERS", "4")
                .containsEntry("LINEUP_REDIS_URL", "redis://redis-master:6379");
        assertEveryPodIsSound(r, 25);
    }

    @Test
    void grafanaDashboardIsValidJsonOnTheRealMetrics() throws Exception {
        ConfigMap dashboard = render(null).configMap("jobs-lineup-grafana-dashboard");
        String json = dashboard.getData().get("lineup.json");
        Map<?, ?> parsed = new ObjectMapper().readValue(json, Map.class);
        assertThat((List<?>) parsed.get("panels")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(json)
                .contains(
                        "lineup_queue_jobs",
                        "lineup_queue_oldest_waiting_seconds",
                        "lineup_job_start_latency_seconds_bucket",
                        "lineup_dead_letters",
                        "lineup_deliveries_total",
                        "resilience4j_circuitbreaker_state",
                        "lineup_jobs_snoozed_total");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unknown-priority       | workerPools/0/priorities/1",
                "negative-replicas      | workerPools/0/minReplicas",
                "min-above-max          | workerPools[bulk]: minReplicas (5) is above maxReplicas (2)",
                "duplicate-pool         | workerPools: the name \"bulk\" is used twice",
                "secret-in-config       | invalid propertyName 'LINEUP_DATABASE_PASSWORD'",
                "unknown-trigger        | keda/trigger",
                "two-schedulers         | scheduler/replicas",
                "password-in-redis-url  | redis/url",
                "no-database-secret     | database/existingSecret",
                "unknown-key            | workerPool",
                "bad-twilio-sender      | sms/twilio/from",
                "empty-priorities       | workerPools/0/priorities"
            })
    void refusesBadValues(String name, String reason) {
        Path values = Repository.path("deploy-tests/src/test/resources/bad-values/" + name + ".yaml");
        assertThatThrownBy(() -> template(values).call())
                .as("values %s must be refused", name)
                .hasMessageContaining(reason);
    }

    // ---- checks every rendering must pass ----

    private static void assertEveryPodIsSound(Rendered r, int stopGraceSeconds) {
        ConfigMap config = r.configMap("jobs-lineup");
        assertThat(config.getData())
                .containsEntry("LINEUP_MANAGEMENT_PORT", "9090")
                .containsEntry("LINEUP_WORKER_STOP_GRACE", stopGraceSeconds + "s");
        for (ConfigMap map : r.byType(ConfigMap.class).values()) {
            assertThat(map.getData().keySet())
                    .as("ConfigMap %s", map.getMetadata().getName())
                    .doesNotContainAnyElementsOf(SECRET_VARIABLES);
        }
        for (Deployment d : r.deployments().values()) {
            String name = d.getMetadata().getName();
            var pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getTerminationGracePeriodSeconds())
                    .as("%s grace", name)
                    .isGreaterThanOrEqualTo((long) stopGraceSeconds + 5);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            Container c = pod.getContainers().get(0);
            assertThat(c.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("jobs-lineup");
            ContainerPort management = c.getPorts().stream()
                    .filter(p -> "management".equals(p.getName()))
                    .findFirst()
                    .orElseThrow();
            assertThat(management.getContainerPort()).isEqualTo(9090);
            for (Probe probe : new Probe[] {c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe()}) {
                assertThat(probe.getHttpGet().getPort())
                        .as("%s probe port", name)
                        .isEqualTo(new IntOrString("management"));
            }
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
            for (EnvVar e : c.getEnv()) {
                if (SECRET_VARIABLES.contains(e.getName())) {
                    assertThat(e.getValue()).as("%s in %s", e.getName(), name).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef())
                            .as("%s in %s", e.getName(), name)
                            .isNotNull();
                }
            }
            assertThat(secretRef(d, "LINEUP_DATABASE_PASSWORD")).isNotBlank();
            Set<String> undocumented = Stream.concat(
                            c.getEnv().stream().map(EnvVar::getName), config.getData().keySet().stream())
                    .filter(v -> v.startsWith("LINEUP_"))
                    .filter(v -> !Repository.isDocumented(v))
                    .collect(Collectors.toSet());
            assertThat(undocumented)
                    .as("variables of %s missing from docs/configuration.md", name)
                    .isEmpty();
        }
        assertThat(secretRef(r.deployment("api"), "LINEUP_API_KEYS")).isNotBlank();
        assertThat(r.deployment("dashboard")
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getEnv())
                .extracting(EnvVar::getName)
                .doesNotContain("LINEUP_API_KEYS");
        for (PodDisruptionBudget pdb : r.byType(PodDisruptionBudget.class).values()) {
            assertThat(r.deployments()).containsKey(pdb.getMetadata().getName());
        }
        for (Service s : r.services().values()) {
            assertThat(s.getSpec().getSelector()).containsEntry("app.kubernetes.io/instance", RELEASE);
        }
    }

    private static void assertScaledObject(Rendered r, String deployment, int min, int max) {
        GenericKubernetesResource so = r.byKind("ScaledObject").get(PREFIX + deployment);
        assertThat(so).as("ScaledObject of %s", deployment).isNotNull();
        Map<String, Object> spec = spec(so);
        @SuppressWarnings("unchecked")
        Map<String, Object> target = (Map<String, Object>) spec.get("scaleTargetRef");
        assertThat(target).containsEntry("kind", "Deployment").containsEntry("name", PREFIX + deployment);
        assertThat(r.deployments()).containsKey((String) target.get("name"));
        assertThat(((Number) spec.get("minReplicaCount")).intValue()).isEqualTo(min);
        assertThat(((Number) spec.get("maxReplicaCount")).intValue()).isEqualTo(max);
    }

    // ---- rendering and reading back ----

    private static TemplateCommand template(Path valuesFile) {
        TemplateCommand command = new Helm(CHART)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion("1.33.0");
        return valuesFile == null ? command : command.withValuesFile(valuesFile);
    }

    private static Rendered render(String ciValues) {
        String yaml = template(ciValues == null ? null : CHART.resolve("ci").resolve(ciValues))
                .call();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
                continue;
            }
            objects.add(SERIALIZATION.unmarshal(document));
        }
        return new Rendered(objects);
    }

    record Rendered(List<HasMetadata> objects) {

        <T extends HasMetadata> Map<String, T> byType(Class<T> type) {
            return objects.stream()
                    .filter(type::isInstance)
                    .map(type::cast)
                    .collect(Collectors.toMap(
                            o -> o.getMetadata().getName(),
                            o -> o,
                            (a, b) -> {
                                throw new AssertionError("two " + type.getSimpleName() + " named "
                                        + a.getMetadata().getName());
                            },
                            TreeMap::new));
        }

        Map<String, GenericKubernetesResource> byKind(String kind) {
            return objects.stream()
                    .filter(GenericKubernetesResource.class::isInstance)
                    .map(GenericKubernetesResource.class::cast)
                    .filter(o -> kind.equals(o.getKind()))
                    .collect(Collectors.toMap(o -> o.getMetadata().getName(), o -> o));
        }

        Map<String, Deployment> deployments() {
            return byType(Deployment.class);
        }

        Map<String, Service> services() {
            return byType(Service.class);
        }

        Deployment deployment(String suffix) {
            return Objects.requireNonNull(deployments().get(PREFIX + suffix), () -> "no Deployment " + PREFIX + suffix);
        }

        ConfigMap configMap(String name) {
            return Objects.requireNonNull(byType(ConfigMap.class).get(name), () -> "no ConfigMap " + name);
        }
    }

    private static String env(Deployment d, String name) {
        return container(d).getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError(d.getMetadata().getName() + " has no " + name));
    }

    private static String secretRef(Deployment d, String name) {
        return container(d).getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(e -> e.getValueFrom().getSecretKeyRef().getName())
                .findFirst()
                .orElseThrow(() -> new AssertionError(d.getMetadata().getName() + " has no " + name));
    }

    private static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** Every alert's name and expression, one a line. */
    @SuppressWarnings("unchecked")
    private static String alertsAndExpressions(GenericKubernetesResource rule) {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> group : (List<Map<String, Object>>) spec(rule).get("groups")) {
            for (Map<String, Object> r : (List<Map<String, Object>>) group.get("rules")) {
                out.append(r.get("alert")).append(": ").append(r.get("expr")).append('\n');
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource o) {
        return (Map<String, Object>) o.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> trigger(GenericKubernetesResource so) {
        return ((List<Map<String, Object>>) spec(so).get("triggers")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> triggerMetadata(Rendered r, String deployment) {
        return (Map<String, Object>)
                trigger(r.byKind("ScaledObject").get(PREFIX + deployment)).get("metadata");
    }
}
