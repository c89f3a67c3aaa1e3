package dev.operatorsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import dev.operatorsync.admin.WarehouseViews;
import dev.operatorsync.config.Redactor;
import dev.operatorsync.config.Settings;
import dev.operatorsync.sync.BackfillRequest;
import dev.operatorsync.sync.BadRequestException;
import dev.operatorsync.sync.SyncEngine;
import dev.operatorsync.warehouse.DeadLetterFilter;
import dev.operatorsync.warehouse.DeadLetterStore;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.StoredDeadLetter;
import dev.operatorsync.warehouse.Warehouse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "Inspect and redrive the dead_letters table: failures that were not retried or ran out of retries.",
        subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.Show.class, DeadLettersCommand.Replay.class,
                DeadLettersCommand.Discard.class})
final class DeadLettersCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Command(name = "list", mixinStandardHelpOptions = true, description = {"List dead letters, oldest first (default: the open ones).",
            "While a running service holds the DuckDB file, it reads through that service's admin API."})
    static final class ListLetters implements Callable<Integer> {
        @Mixin
        ConfigOptions config;
        private static final List<String> STATUSES = List.of("open", "replayed", "discarded", "all");
        private static final List<String> STAGES = List.of("fetch", "transform", "load");

        @Option(names = "--status", description = "open, replayed, discarded or all (default: ${DEFAULT-VALUE}).")
        String status = "open";
        @Option(names = "--stage", description = "fetch, transform or load.")
        String stage;
        @Option(names = "--operator", paramLabel = "ID", description = "Only this operator's letters.")
        String operator;
        @Option(names = "--since", paramLabel = "T", description = "Last seen at or after this ISO-8601 date (2024-01-31, midnight UTC) or instant.")
        String since;
        @Option(names = "--until", paramLabel = "T", description = "Last seen before this ISO-8601 date (2024-01-31, midnight UTC) or instant.")
        String until;
        @Option(names = "--json", description = "One JSON array instead of a table.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            DeadLetterFilter filter;
            try {
                filter = new DeadLetterFilter("all".equals(oneOf("--status", status, STATUSES)) ? null : status,
                        stage == null ? null : oneOf("--stage", stage, STAGES), operator,
                        since == null ? null : BackfillRequest.instant("--since", since), until == null ? null : BackfillRequest.instant("--until", until));
            } catch (BadRequestException e) {
                System.err.println("dead-letters list: " + e.getMessage());
                return OperatorSync.BAD_CONFIGURATION;
            }
            JsonNode letters = ReadThrough.read(config, warehouse -> WarehouseViews.deadLetters(warehouse, filter),
                    "/api/dead-letters?" + query(filter));
            if (json) {
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(letters));
                return OperatorSync.OK;
            }
            System.out.printf("%-6s %-9s %-9s %-10s %-6s %-18s %-8s %-20s %s%n", "ID", "STATUS", "STAGE", "OPERATOR", "HTTP",
                    "CODE", "ATTEMPTS", "LAST SEEN", "MESSAGE");
            for (JsonNode l : letters) {
                String message = l.path("message").asText("").replaceAll("\\s+", " ");
                System.out.printf("%-6d %-9s %-9s %-10s %-6s %-18s %-8d %-20s %s%n", l.path("id").asLong(), l.path("status").asText(),
                        l.path("stage").asText(), l.path("operator_id").asText("-"), l.path("http_status").asText("-"),
                        l.path("error_code").asText("-"), l.path("attempts").asInt(), l.path("last_seen_at").asText(),
                        message.length() > 80 ? message.substring(0, 80) + "..." : message);
            }
            System.out.println(letters.size() + " dead letter(s)");
            return OperatorSync.OK;
        }

        /** The filter as the admin API's query: status (all when null), stage, operator, since, until. */
        private static String query(DeadLetterFilter filter) {
            StringJoiner query = new StringJoiner("&");
            query.add("status=" + (filter.status() == null ? "all" : encode(filter.status())));
            if (filter.stage() != null) {
                query.add("stage=" + encode(filter.stage()));
            }
            if (filter.operatorId() != null) {
                query.add("operator=" + encode(filter.operatorId()));
            }
            if (filter.seenSince() != null) {
                query.add("since=" + encode(filter.seenSince().toString()));
            }
            if (filter.seenBefore() != null) {
                query.add("until=" + encode(filter.seenBefore().toString()));
            }
            return query.toString();
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    private static String oneOf(String option, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new BadRequestException(option + " '" + value + "' is not one of " + String.join(", ", allowed));
        }
        return value;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print one dead letter in full, its payload pretty-printed.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ConfigOptions config;
        @Parameters(paramLabel = "ID")
        long id;

        @Override
        public Integer call() throws Exception {
            try (Warehouse warehouse = ConfigOptions.openWarehouse(config.settings())) {
                StoredDeadLetter l = warehouse.deadLetters().find(id).orElse(null);
                if (l == null) {
                    System.err.println("no dead letter " + id);
                    return OperatorSync.FAILED;
                }
                System.out.printf("id %d, %s, stage %s, attempts %d, first seen %s, last seen %s, run %s%n", l.id(), l.status(),
                        l.letter().stage(), l.attempts(), l.firstSeenAt(), l.lastSeenAt(), l.runId());
                System.out.printf("operator %s, conversation %s, HTTP %s, code %s, transient %s%n", orDash(l.letter().operatorId()),
                        orDash(l.letter().conversationId()), l.letter().httpStatus(), orDash(l.letter().errorCode()), l.letter().transientFlag());
                System.out.println("message:  " + l.letter().message());
                if (l.latest() != null) {
                    System.out.printf("latest:   HTTP %s, code %s: %s%n", l.latest().httpStatus(), orDash(l.latest().errorCode()),
                            l.latest().message());
                }
                System.out.println("request:  " + orDash(l.letter().request()));
                if (l.resolvedAt() != null) {
                    System.out.println("resolved: " + l.resolvedAt() + " " + orDash(l.resolution()));
                }
                System.out.println("payload:");
                System.out.println(pretty(l.letter().payload()));
            }
            return OperatorSync.OK;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Redrive dead letters: a request runs again through the normal path, a record through the same mapping",
                    "and guarded upsert. Success marks a letter replayed; failure keeps it open with the new error.",
                    "Exit status: 0 all replayed, 1 some failed again."})
    static final class Replay implements Callable<Integer> {
        @Mixin
        ConfigOptions config;
        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Parameters(paramLabel = "ID", arity = "1..*")
            java.util.List<Long> ids;
            @Option(names = "--all", required = true, description = "Every open dead letter.")
            boolean all;
        }

        @Override
        public Integer call() throws Exception {
            Settings settings = config.settings().requireApiKey();
            config.requireRoutes();
            try (Warehouse warehouse = ConfigOptions.openWarehouse(settings);
                 SyncEngine engine = SyncEngine.create(settings, config.source().nonSecretValues(), config.routesDir,
                         Clock.systemUTC(), warehouse, false).start()) {
                java.util.List<StoredDeadLetter> letters = which.all ? warehouse.deadLetters().list(DeadLetterFilter.OPEN)
                        : open(warehouse.deadLetters(), which.ids);
                RunRecord run = engine.replay(letters);
                System.out.println("replayed " + letters.size() + " dead letter(s) in run " + run.runId() + ": " + run.status());
                if (run.error() != null) {
                    System.out.println("  " + Redactor.redact(run.error()));
                }
                return "succeeded".equals(run.status()) ? OperatorSync.OK : OperatorSync.FAILED;
            }
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true, description = "Close dead letters without replaying them.")
    static final class Discard implements Callable<Integer> {
        @Mixin
        ConfigOptions config;
        @Parameters(paramLabel = "ID", arity = "1..*")
        java.util.List<Long> ids;
        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, kept with the letter.")
        String reason;

        @Override
        public Integer call() throws Exception {
            try (Warehouse warehouse = ConfigOptions.openWarehouse(config.settings())) {
                int missing = 0;
                for (long id : ids) {
                    if (warehouse.deadLetters().resolve(id, "discarded", reason, null)) {
                        System.out.println("discarded " + id);
                    } else {
                        System.err.println(warehouse.deadLetters().find(id).map(l -> "dead letter " + id + " is " + l.status() + ", not open")
                                .orElse("no dead letter " + id));
                        missing++;
                    }
                }
                return missing == 0 ? OperatorSync.OK : OperatorSync.FAILED;
            }
        }
    }

    private static java.util.List<StoredDeadLetter> open(DeadLetterStore store, java.util.List<Long> ids) throws java.sql.SQLException {
        java.util.List<StoredDeadLetter> letters = new ArrayList<>();
        for (long id : ids) {
            StoredDeadLetter letter = store.find(id).orElseThrow(() -> new IllegalArgumentException("no dead letter " + id));
            if (!"open".equals(letter.status())) {
                throw new IllegalArgumentException("dead letter " + id + " is " + letter.status() + ", not open");
            }
            letters.add(letter);
        }
        return letters;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static String pretty(String payload) {
        if (payload == null) {
            return "-";
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(payload));
        } catch (java.io.IOException notJson) {
            return payload;
        }
    }
}
