package dev.operatorsync.simulator;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * Fault injection for the simulator, for tests and for people ({@code simulator --fault KIND@WHEN}): each
 * rule is a fault and the requests it hits, picked by their number, by their query or at random with a seed.
 * The first rule that hits a request decides it. Install with {@link OperatorApiSimulator#setFaults}.
 */
public final class Faults implements FaultPlan {
    /** What a hit request gets. */
    public enum Kind {
        /** 503 with {@code transient: true}. */
        TRANSIENT_503,
        /** 429 with {@code Retry-After} in delta seconds. */
        RATE_LIMIT,
        /** 429 with {@code Retry-After} as an HTTP date, the simulator's now plus the wait. */
        RATE_LIMIT_DATE,
        /** 500 with an HTML body. */
        HTML_500,
        /** 400 with {@code transient: false} and code {@code InvalidRequest}. */
        PERMANENT_400,
        /** The normal page with its first record's created_at spoiled. */
        MALFORMED_RECORD,
        /** The normal page, the connection dropped half-way through its body. */
        DROP_CONNECTION,
        /** The normal page, answered after a delay. */
        SLOW;

        static Kind parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown fault '" + name + "'; use one of "
                        + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.joining(", ")));
            }
        }
    }

    private record Rule(Kind kind, Selector selector, Duration pause, AtomicInteger remaining) {
    }

    @FunctionalInterface
    private interface Selector {
        boolean hits(RecordedRequest request, long number);
    }

    private final SimulatorClock clock;
    private final List<Rule> rules = new ArrayList<>();
    /** Rules are matched once per request: intercept remembers the rule of an altering fault for {@link #alter}. */
    private final Map<Long, Rule> altering = new ConcurrentHashMap<>();

    public Faults(SimulatorClock clock) {
        this.clock = clock;
    }

    /** The requests numbered {@code numbers} (1 is the first the simulator received). */
    public Faults onRequests(Kind kind, long... numbers) {
        Set<Long> hit = Arrays.stream(numbers).boxed().collect(Collectors.toSet());
        return add(kind, (request, number) -> hit.contains(number), Integer.MAX_VALUE);
    }

    /** The first {@code times} requests whose decoded query contains {@code text}; MAX_VALUE for all of them. */
    public Faults onQuery(Kind kind, String text, int times) {
        return add(kind, (request, number) -> request.query() != null
                && java.net.URLDecoder.decode(request.query(), java.nio.charset.StandardCharsets.UTF_8).contains(text), times);
    }

    /** Each request with probability {@code rate}, drawn from a generator seeded with {@code seed}. */
    public Faults atRate(Kind kind, double rate, long seed) {
        Random random = new Random(seed);
        LongPredicate draw = n -> {
            synchronized (random) {
                return random.nextDouble() < rate;
            }
        };
        return add(kind, (request, number) -> draw.test(number), Integer.MAX_VALUE);
    }

    /** The wait of the last rule added: Retry-After of a 429, delay of a slow page (default 2 seconds). */
    public Faults waiting(Duration wait) {
        Rule last = rules.remove(rules.size() - 1);
        rules.add(new Rule(last.kind(), last.selector(), wait, last.remaining()));
        return this;
    }

    /**
     * One rule from the command line: {@code KIND@WHEN[/WAIT]}, WHEN being {@code request=N[,N...]},
     * {@code query=TEXT} or {@code rate=0.1}; e.g. {@code transient-503@request=2,3}, {@code rate-limit@rate=0.05/5s}.
     */
    public Faults parse(String spec, long seed) {
        String[] kindAndWhen = spec.split("@", 2);
        if (kindAndWhen.length != 2) {
            throw new IllegalArgumentException("a fault is KIND@request=N, KIND@query=TEXT or KIND@rate=R, got '" + spec + "'");
        }
        Kind kind = Kind.parse(kindAndWhen[0]);
        String when = kindAndWhen[1];
        Duration wait = null;
        int slash = when.lastIndexOf('/');
        if (slash > 0 && when.substring(slash + 1).matches("\\d+s")) {
            wait = Duration.ofSeconds(Long.parseLong(when.substring(slash + 1, when.length() - 1)));
            when = when.substring(0, slash);
        }
        if (when.startsWith("request=")) {
            onRequests(kind, Arrays.stream(when.substring(8).split(",")).mapToLong(v -> Long.parseLong(v.trim())).toArray());
        } else if (when.startsWith("query=")) {
            onQuery(kind, when.substring(6), Integer.MAX_VALUE);
        } else if (when.startsWith("rate=")) {
            atRate(kind, Double.parseDouble(when.substring(5)), seed + rules.size());
        } else {
            throw new IllegalArgumentException("WHEN is request=N[,N...], query=TEXT or rate=R, got '" + when + "'");
        }
        return wait == null ? this : waiting(wait);
    }

    private Faults add(Kind kind, Selector selector, int times) {
        rules.add(new Rule(kind, selector, Duration.ofSeconds(2), new AtomicInteger(times)));
        return this;
    }

    private Optional<Rule> hit(RecordedRequest request, long number) {
        for (Rule rule : rules) {
            if (rule.remaining().get() > 0 && rule.selector().hits(request, number) && rule.remaining().getAndDecrement() > 0) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<SimulatedResponse> intercept(RecordedRequest request, long number) {
        Optional<Rule> rule = hit(request, number);
        if (rule.isEmpty()) {
            return Optional.empty();
        }
        Duration wait = rule.get().pause();
        return switch (rule.get().kind()) {
            case TRANSIENT_503 -> Optional.of(SimulatedResponse.json(503,
                    "{\"code\":\"ServiceUnavailable\",\"transient\":true,\"message\":\"Try again shortly.\",\"data\":{}}"));
            case RATE_LIMIT -> Optional.of(rateLimited(Long.toString(wait.toSeconds())));
            case RATE_LIMIT_DATE -> Optional.of(rateLimited(DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(clock.now().plus(wait).atOffset(ZoneOffset.UTC))));
            case HTML_500 -> Optional.of(new SimulatedResponse(500, Map.of("Content-Type", "text/html"),
                    "<html><body><h1>500 Internal Server Error</h1></body></html>"));
            case PERMANENT_400 -> Optional.of(SimulatedResponse.json(400,
                    "{\"code\":\"InvalidRequest\",\"transient\":false,\"message\":\"The request cannot be served.\",\"data\":{\"reason\":\"injected\"}}"));
            case MALFORMED_RECORD, DROP_CONNECTION, SLOW -> {
                altering.put(number, rule.get());
                yield Optional.empty();
            }
        };
    }

    @Override
    public SimulatedResponse alter(RecordedRequest request, long number, SimulatedResponse served) {
        Rule rule = altering.remove(number);
        if (rule == null || served.status() != 200) {
            return served;
        }
        return switch (rule.kind()) {
            case MALFORMED_RECORD -> served.withBody(served.body().replaceFirst("\"created_at\":\"[^\"]*\"", "\"created_at\":\"not a time\""));
            case DROP_CONNECTION -> served.droppedAfter(served.body().length() / 2);
            case SLOW -> served.delayedBy(rule.pause());
            default -> served;
        };
    }

    private static SimulatedResponse rateLimited(String retryAfter) {
        return new SimulatedResponse(429, Map.of("Content-Type", "application/json", "Retry-After", retryAfter),
                "{\"code\":\"RateLimited\",\"transient\":true,\"message\":\"Too many requests.\",\"data\":{}}");
    }
}
