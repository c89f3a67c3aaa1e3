package dev.operatorsync.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Builds the image and brings up docker/compose.yaml (PostgreSQL, simulator, operator-sync, Prometheus,
 * Grafana) where a Docker engine answers: operator-sync becomes ready, and Prometheus scrapes its metrics.
 * Skipped, with a message, on machines without an engine.
 */
class DockerStackIT {
    @Test
    void the_compose_stack_syncs_and_is_scraped() throws InterruptedException {
        assumeTrue(dockerAvailable(), "no Docker engine answers on this machine: skipped building the image and starting docker/compose.yaml");
        try (ComposeContainer stack = new ComposeContainer(new File("docker/compose.yaml"))
                .withBuild(true)
                .withExposedService("operator-sync", 9876,
                        Wait.forHttp("/observe/health/ready").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(10)))
                .withExposedService("prometheus", 9090, Wait.forHttp("/-/ready").forStatusCode(200))) {
            stack.start();
            String host = stack.getServiceHost("operator-sync", 9876);
            int port = stack.getServicePort("operator-sync", 9876);
            String metrics = http("http://" + host + ":" + port + "/observe/metrics");
            assertTrue(metrics.contains("operator_sync_records_total"), metrics);
            String prometheus = "http://" + stack.getServiceHost("prometheus", 9090) + ":" + stack.getServicePort("prometheus", 9090);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            String answer = "";
            while (System.nanoTime() < deadline && !answer.contains("\"value\"")) {
                answer = http(prometheus + "/api/v1/query?query=operator_sync_records_fetched_total");
                Thread.sleep(1000); // Prometheus scrapes every 15 s; poll its answer once a second
            }
            assertTrue(answer.contains("\"value\""), "Prometheus scraped operator-sync: " + answer);
        }
    }

    private static String http(String url) {
        try {
            return new String(java.net.URI.create(url).toURL().openStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
