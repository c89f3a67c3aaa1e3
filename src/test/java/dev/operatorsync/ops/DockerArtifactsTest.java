package dev.operatorsync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What can be checked of docker/ without a Docker engine: the compose file with Debian's docker-compose, the
 * Prometheus configuration and alert rules with promtool, the dashboard and Kubernetes manifest by parsing.
 * (ServiceIT checks every metric the dashboard and the rules query exists in a real scrape; DockerStackIT
 * builds the image and starts the stack where an engine answers.)
 */
class DockerArtifactsTest {
    private static final Path DOCKER = Path.of("docker");

    @Test
    void compose_file_is_valid() throws Exception {
        Optional<Path> compose = Promtool.find("docker-compose");
        assumeTrue(compose.isPresent(), "docker-compose is not on the PATH (apt-get install docker-compose): skipped the compose check");
        Promtool.Result result = Promtool.run(compose.get(), null, "-f", "docker/compose.yaml", "config", "-q");
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void prometheus_configuration_is_valid() throws Exception {
        Optional<Path> promtool = Promtool.find();
        assumeTrue(promtool.isPresent(), Promtool.MISSING);
        Promtool.Result result = Promtool.run(promtool.get(), null, "check", "config", "docker/prometheus/prometheus.yml");
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void alert_rules_are_valid() throws Exception {
        Optional<Path> promtool = Promtool.find();
        assumeTrue(promtool.isPresent(), Promtool.MISSING);
        Promtool.Result result = Promtool.run(promtool.get(), null, "check", "rules", "docker/prometheus/alerts.yml");
        assertEquals(0, result.exitCode(), result.output());
    }

    @Test
    void dashboard_parses_and_every_panel_queries_prometheus() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/operator-sync.json").toFile());
        assertEquals("operator-sync", dashboard.path("uid").asText());
        for (JsonNode panel : dashboard.path("panels")) {
            assertEquals("prometheus", panel.path("datasource").path("uid").asText(), panel.path("title").asText());
            assertTrue(panel.path("targets").size() > 0, panel.path("title").asText());
            panel.path("targets").forEach(t -> assertTrue(t.path("expr").asText().contains("operator_sync_"), t.toString()));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetes_cronjob_runs_sync_without_overlap() throws Exception {
        Map<String, Object> cronJob = kubernetes("cronjob.yaml");
        assertEquals("CronJob", cronJob.get("kind"));
        Map<String, Object> spec = (Map<String, Object>) cronJob.get("spec");
        assertEquals("Forbid", spec.get("concurrencyPolicy"));
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) spec
                .get("jobTemplate")).get("spec")).get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        assertEquals(List.of("sync"), container.get("args"));
        assertEquals(List.of("/app/bin/operator-sync"), container.get("command"), "the launcher runs it");
    }

    @Test
    void systemd_unit_runs_the_service_through_the_launcher_with_a_grace_period() throws Exception {
        List<String> unit = Files.readAllLines(DOCKER.resolve("systemd/operator-sync.service"));
        assertTrue(unit.contains("ExecStart=/opt/operator-sync/bin/operator-sync run"), "the launcher runs `run`: " + unit);
        assertTrue(unit.contains("TimeoutStopSec=45"), "longer than camel.main.shutdown-timeout: " + unit);
    }

    /**
     * What a container may call is a service name and a port its target listens on beyond its own loopback: the
     * simulator on 0.0.0.0 and the port operator-sync's URL names, PostgreSQL with the database and user it creates,
     * Prometheus at operator-sync's management port (Camel's management server listens on every interface).
     */
    @Test
    @SuppressWarnings("unchecked")
    void compose_points_each_service_at_a_service_name_and_a_port_that_listens_for_other_containers() throws Exception {
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(DOCKER.resolve("compose.yaml")))).get("services");
        Map<String, Object> simulator = (Map<String, Object>) services.get("simulator");
        Map<String, Object> sync = (Map<String, Object>) services.get("operator-sync");
        Map<String, Object> postgres = (Map<String, Object>) ((Map<String, Object>) services.get("postgres")).get("environment");
        Map<String, Object> env = (Map<String, Object>) sync.get("environment");

        List<String> command = (List<String>) simulator.get("command");
        assertEquals("simulator", command.get(0));
        assertEquals("0.0.0.0", option(command, "--host"), "the simulator listens beyond its container's loopback");
        assertEquals("http://simulator:" + option(command, "--port"), env.get("OPERATOR_API_BASE_URL"));
        assertTrue(((Map<String, Object>) sync.get("depends_on")).containsKey("simulator"));
        String health = String.valueOf(((Map<String, Object>) simulator.get("healthcheck")).get("test"));
        assertTrue(health.contains("$(hostname):" + option(command, "--port")), "healthy means reachable by name, not on loopback: " + health);

        assertEquals("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"), env.get("WAREHOUSE_JDBC_URL"));
        assertEquals(postgres.get("POSTGRES_USER"), env.get("WAREHOUSE_USERNAME"));
        assertEquals(postgres.get("POSTGRES_PASSWORD"), env.get("WAREHOUSE_PASSWORD"));

        String managementPort = String.valueOf(env.getOrDefault("MANAGEMENT_PORT", property("management.port")));
        assertTrue(property("camel.management.host") == null, "the management server keeps Camel's 0.0.0.0");
        String prometheus = Files.readString(DOCKER.resolve("prometheus/prometheus.yml"));
        assertTrue(prometheus.contains("\"operator-sync:" + managementPort + "\""), "Prometheus scrapes operator-sync:" + managementPort);
        assertTrue(((List<String>) sync.get("ports")).contains(managementPort + ":" + managementPort));
    }

    private static String option(List<String> command, String name) {
        int at = command.indexOf(name);
        assertTrue(at >= 0 && at + 1 < command.size(), name + " in " + command);
        return command.get(at + 1);
    }

    private static String property(String key) throws Exception {
        java.util.Properties properties = new java.util.Properties();
        try (var reader = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            properties.load(reader);
        }
        return properties.getProperty(key);
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetes_deployment_runs_three_replicas_each_named_by_its_pod() throws Exception {
        Map<String, Object> deployment = kubernetes("deployment.yaml");
        assertEquals("Deployment", deployment.get("kind"));
        Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
        assertEquals(3, spec.get("replicas"));
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        assertEquals(List.of("run"), container.get("args"));
        Map<String, Object> instanceId = ((List<Map<String, Object>>) container.get("env")).stream()
                .filter(e -> "OPERATOR_SYNC_INSTANCE_ID".equals(e.get("name"))).findFirst().orElseThrow();
        assertEquals("metadata.name", ((Map<String, Object>) ((Map<String, Object>) instanceId.get("valueFrom")).get("fieldRef"))
                .get("fieldPath"));
        assertEquals("/observe/health/ready", ((Map<String, Object>) ((Map<String, Object>) container.get("readinessProbe"))
                .get("httpGet")).get("path"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kubernetes(String file) throws Exception {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(DOCKER.resolve("kubernetes").resolve(file)));
    }

    @Test
    void dockerfile_runs_as_non_root_with_a_health_check_on_the_management_port() throws Exception {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("\nUSER 10001"), "non-root user");
        assertTrue(dockerfile.contains("HEALTHCHECK") && dockerfile.contains(":9876/observe/health"), "health check on the management port");
        assertTrue(dockerfile.contains("COPY routes /app/routes") && dockerfile.contains("COPY config /app/config"), "routes and config baked in");
        assertTrue(dockerfile.lines().filter(l -> l.startsWith("FROM ")).count() >= 2, "multi-stage");
        assertTrue(dockerfile.contains("ENTRYPOINT [\"/app/bin/operator-sync\"]"), "the launcher runs it");
        assertTrue(dockerfile.contains("RUN /app/bin/operator-sync --version"), "its class-data archive is made at build time");
    }
}
