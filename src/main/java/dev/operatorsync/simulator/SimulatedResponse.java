package dev.operatorsync.simulator;

import java.util.Map;

/** A response as the simulator sends it; a null or empty body sends none. */
public record SimulatedResponse(int status, Map<String, String> headers, String body) {
    public SimulatedResponse {
        headers = Map.copyOf(headers);
    }

    static SimulatedResponse json(int status, String body) {
        return new SimulatedResponse(status, Map.of("Content-Type", "application/json"), body);
    }
}
