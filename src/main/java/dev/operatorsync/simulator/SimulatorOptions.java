package dev.operatorsync.simulator;

import java.time.Instant;
import java.util.Objects;

/**
 * How a simulator is set up.
 *
 * @param port              0 picks a free port
 * @param conversations     historical conversations, all created before {@code start}
 * @param operators         operator ids are op_1 .. op_N
 * @param pageSize          the largest page; pages vary between about half of it and it
 * @param arrivalsPerMinute mean rate of new conversations after {@code start}
 * @param unknownFields     every object also carries the undocumented field {@code x_experimental}
 * @param start             the simulated "now" at construction; null means the wall clock, truncated to seconds
 */
public record SimulatorOptions(int port, int conversations, int operators, long seed, String apiKey, int pageSize,
                               double arrivalsPerMinute, boolean unknownFields, Instant start) {

    public SimulatorOptions {
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be 0..65535: " + port);
        if (conversations < 0) throw new IllegalArgumentException("conversations must be >= 0: " + conversations);
        if (operators < 1 || operators > Short.MAX_VALUE) {
            throw new IllegalArgumentException("operators must be 1.." + Short.MAX_VALUE + ": " + operators);
        }
        if (pageSize < 1) throw new IllegalArgumentException("pageSize must be >= 1: " + pageSize);
        if (!(arrivalsPerMinute >= 0) || Double.isInfinite(arrivalsPerMinute)) {
            throw new IllegalArgumentException("arrivalsPerMinute must be a finite number >= 0: " + arrivalsPerMinute);
        }
        Objects.requireNonNull(apiKey, "apiKey");
        if (apiKey.isBlank()) throw new IllegalArgumentException("apiKey must not be blank");
    }

    public static SimulatorOptions defaults() {
        return new SimulatorOptions(0, 1000, 3, 42L, "op_test_simulator", 100, 0.0, false, null);
    }

    public SimulatorOptions withPort(int port) {
        return new SimulatorOptions(port, conversations, operators, seed, apiKey, pageSize, arrivalsPerMinute, unknownFields, start);
    }

    public SimulatorOptions withConversations(int conversations) {
        return new SimulatorOptions(port, conversations, operators, seed, apiKey, pageSize, arrivalsPerMinute, unknownFields, start);
    }

    public SimulatorOptions withOperators(int operators) {
        return new SimulatorOptions(port, conversations, operators, seed, apiKey, pageSize, arrivalsPerMinute, unknownFields, start);
    }

    public SimulatorOptions withSeed(long seed) {
        return new SimulatorOptions(port, conversations, operators, seed, apiKey, pageSize, arrivalsPerMinute, unknownFields, start);
    }

    public SimulatorOptions withApiKey(String apiKey) {
        return new SimulatorOptions(port, conversations, operators, seed, apiKey, pageSize, arrivalsPerMinute, unknownFields, start);
    }

    public SimulatorOptions withPageSize(int pageSize) {
        return new SimulatorOptions(port, conversations, operators, seed, apiKey, pageSize, arrivalsPerMinute, unknownFields, start);
    }

    public SimulatorOptions withArrivalsPerMinute(double arrivalsPerMinute) {
        return new SimulatorOptions(port, conversations, operators, seed, apiKey, pageSize, arrivalsPerMinute, unknownFields, start);
    }

    public SimulatorOptions withUnknownFields(boolean unknownFields) {
        return new SimulatorOptions(port, conversations, operators, seed, apiKey, pageSize, arrivalsPerMinute, unknownFields, start);
    }

    public SimulatorOptions withStart(Instant start) {
        return new SimulatorOptions(port, conversations, operators, seed, apiKey, pageSize, arrivalsPerMinute, unknownFields, start);
    }

    /** The api key is a secret even in a test: keep it out of logs and assertion messages. */
    @Override
    public String toString() {
        return "SimulatorOptions[port=" + port + ", conversations=" + conversations + ", operators=" + operators
                + ", seed=" + seed + ", apiKey=***, pageSize=" + pageSize + ", arrivalsPerMinute=" + arrivalsPerMinute
                + ", unknownFields=" + unknownFields + ", start=" + start + "]";
    }
}
