package dev.operatorsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.operatorsync.testing.CliProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code operator-sync simulator} as a process: it says where it listens, and answers there with its key. */
class SimulatorCommandIT {
    private static final Pattern LISTENING = Pattern.compile("listening at (http://127\\.0\\.0\\.1:\\d+)\\s");
    private static final String KEY = "op_test_simulator_process";

    @Test
    void the_simulator_prints_its_url_and_serves_requests_with_its_key() throws Exception {
        try (CliProcess simulator = CliProcess.start("simulator", Map.of(),
                "simulator", "--port", "0", "--conversations", "50", "--operators", "2", "--api-key", KEY)) {
            simulator.awaitWhileAlive("'listening at http://127.0.0.1:PORT' on stdout", Duration.ofSeconds(60),
                    () -> LISTENING.matcher(simulator.stdout()).find());
            Matcher matcher = LISTENING.matcher(simulator.stdout());
            assertTrue(matcher.find());
            URI conversations = URI.create(matcher.group(1) + "/conversations?operator_id=op_1");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest.Builder request = HttpRequest.newBuilder(conversations).timeout(Duration.ofSeconds(20))
                    .header("Operator-Version", "2024-11-11");
            HttpResponse<String> withKey = http.send(request.copy().header("Authorization", "Bearer " + KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, withKey.statusCode(), withKey.body());
            assertTrue(withKey.body().startsWith("{\"data\":[{"), "a page of conversations: " + withKey.body());

            HttpResponse<String> withoutKey = http.send(request.copy().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, withoutKey.statusCode(), "another key is refused: " + withoutKey.body());

            simulator.terminate(Duration.ofSeconds(30));
            assertTrue(!simulator.isAlive(), "SIGTERM stops the simulator\n" + simulator.output());
        }
    }
}
