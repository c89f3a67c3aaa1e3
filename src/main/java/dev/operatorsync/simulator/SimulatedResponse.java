package dev.operatorsync.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * A response as the simulator sends it; a null or empty body sends none.
 *
 * @param delay          how long to wait before answering
 * @param dropAfterBytes when not negative, the connection is closed after this many bytes of the body,
 *                       though the headers announced all of it
 */
public record SimulatedResponse(int status, Map<String, String> headers, String body, Duration delay, int dropAfterBytes) {
    public SimulatedResponse {
        headers = Map.copyOf(headers);
    }

    public SimulatedResponse(int status, Map<String, String> headers, String body) {
        this(status, headers, body, Duration.ZERO, -1);
    }

    static SimulatedResponse json(int status, String body) {
        return new SimulatedResponse(status, Map.of("Content-Type", "application/json"), body);
    }

    SimulatedResponse withBody(String newBody) {
        return new SimulatedResponse(status, headers, newBody, delay, dropAfterBytes);
    }

    SimulatedResponse delayedBy(Duration wait) {
        return new SimulatedResponse(status, headers, body, wait, dropAfterBytes);
    }

    SimulatedResponse droppedAfter(int bytes) {
        return new SimulatedResponse(status, headers, body, delay, bytes);
    }
}
