package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.operatorsync.api.ApiVersion;
import dev.operatorsync.simulator.SimulatorOptions;
import dev.operatorsync.testing.CliProcess;
import dev.operatorsync.testing.FaultyTcpProxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guarantee 8 with real processes: {@code sync} and {@code run} children reach PostgreSQL only through a
 * {@link FaultyTcpProxy} that cuts, half-opens and refuses their connections. Every child that exits 0 (or whose
 * run says succeeded) left the table complete, and each trial ends with the table equal to the API's listing.
 * Small histories and slowed pages keep each trial to seconds, except where a half-open session must be outlived.
 */
class WarehouseFaultsIT {
    private static final SimulatorOptions OPTIONS = SimulatorOptions.defaults().withPort(0).withConversations(300)
            .withOperators(2).withPageSize(20);
    private static final Duration SLOW_PAGE = Duration.ofMillis(150);
    /** Guarantee 8: no process waits longer than this behind a session of its own that the network cut. */
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(2);
    /** How long every connection of {@code run} must have idled before the idle cut, in a 3-second schedule. */
    private static final Duration IDLE = Duration.ofSeconds(1);

    @ParameterizedTest(name = "{0}")
    @EnumSource(ApiVersion.class)
    void both_sides_cut_at_random_instants_lose_nothing(ApiVersion version) throws Exception {
        long seed = Long.getLong("faults.seed", System.nanoTime());
        Random random = new Random(seed);
        int cuts = 3 + random.nextInt(3);
        try (WarehouseFaultTrial trial = WarehouseFaultTrial.start(version, OPTIONS, SLOW_PAGE)) {
            RandomCuts.Outcome outcome = RandomCuts.run(trial, random, cuts, 10, "cuts-" + version.header());
            System.out.println("WarehouseFaultsIT both sides cut, " + version.header() + " (-Dfaults.seed=" + seed + "): "
                    + outcome.figures());

            assertEquals(List.of(), outcome.problems(), "every sync that claimed success left the table complete");
            assertEquals(cuts, outcome.cuts(), "every planned cut landed during a sync");
            assertComplete(trial, "after " + outcome.figures());
        }
    }

    /**
     * Each scenario waits out a session the network cut (a minute, by the tool's idle_in_transaction_session_timeout),
     * so the two run side by side, each with its own simulator, proxy and schema, to keep the build short.
     */
    @Test
    void a_half_open_session_mid_write_or_mid_migration_holds_up_no_sync_for_long() throws Exception {
        CompletableFuture<Void> midWrite = CompletableFuture.runAsync(task(WarehouseFaultsIT::halfOpenMidWrite));
        CompletableFuture<Void> midMigration = CompletableFuture.runAsync(task(WarehouseFaultsIT::halfOpenMidMigration));
        Throwable failure = null;
        for (CompletableFuture<Void> scenario : List.of(midWrite, midMigration)) {
            try {
                scenario.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause();
                } else {
                    failure.addSuppressed(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw new AssertionError(failure.getMessage(), failure);
        }
    }

    private static void halfOpenMidWrite() throws Exception {
        try (WarehouseFaultTrial trial = WarehouseFaultTrial.start(ApiVersion.V2024_11_11, OPTIONS, SLOW_PAGE);
             Connection blocker = trial.direct()) {
            blocker.setAutoCommit(false);
            HalfOpen halfOpen = new HalfOpen(trial, "mid-write");
            try (CliProcess child = CliProcess.start("half-open-write", halfOpen.environment(), "sync")) {
                child.awaitWhileAlive("a running sync", Duration.ofSeconds(90), unchecked(() -> runningRuns(trial) > 0));
                // Hold the run's row: the next page's commit then waits inside its transaction, after writing its rows
                // and its stream's resume point, until the cut below leaves that transaction open on the server.
                execute(blocker, "SELECT run_id FROM " + trial.schema + ".sync_runs WHERE status = 'running' FOR UPDATE");
                child.awaitWhileAlive("a page write waiting inside its transaction", Duration.ofSeconds(90),
                        unchecked(() -> trial.liveSessions().stream().anyMatch(s -> s.waitsOnLock() && s.wrote())));
                halfOpen.cut(child, blocker, "a session idle in transaction holding the rows it wrote",
                        s -> s.state().startsWith("idle in transaction") && s.wrote());
            }
            halfOpen.assertRecovered();
        }
    }

    private static void halfOpenMidMigration() throws Exception {
        try (WarehouseFaultTrial trial = WarehouseFaultTrial.start(ApiVersion.V2024_11_11, OPTIONS, SLOW_PAGE);
             Connection blocker = trial.direct()) {
            trial.migrate();
            blocker.setAutoCommit(false);
            // Holding the migrations table stops the child's migration after it took the migration lock.
            execute(blocker, "LOCK TABLE " + trial.schema + ".schema_migrations IN ACCESS EXCLUSIVE MODE");
            HalfOpen halfOpen = new HalfOpen(trial, "mid-migration");
            try (CliProcess child = CliProcess.start("half-open-migration", halfOpen.environment(), "sync")) {
                child.awaitWhileAlive("a migration waiting while it holds the migration lock", Duration.ofSeconds(90),
                        unchecked(() -> trial.liveSessions().stream().anyMatch(s -> s.waitsOnLock() && s.advisoryLocks() > 0)));
                halfOpen.cut(child, blocker, "a session holding the migration lock", s -> s.advisoryLocks() > 0);
            }
            halfOpen.assertRecovered();
        }
    }

    @Test
    void connections_refused_for_a_few_seconds_delay_a_sync_that_then_completes() throws Exception {
        try (WarehouseFaultTrial trial = WarehouseFaultTrial.start(ApiVersion.V2024_11_11, OPTIONS, SLOW_PAGE)) {
            FaultyTcpProxy proxy = trial.proxy();
            try (CliProcess child = CliProcess.start("refused", trial.environment(), "sync")) {
                long before = trial.simulator.requestCount();
                child.awaitWhileAlive("a few pages fetched", Duration.ofSeconds(90), () -> trial.simulator.requestCount() >= before + 6);
                // A database restart: the sessions end, and for a while nothing answers.
                proxy.refuse();
                int cut = proxy.cutAll();
                child.awaitWhileAlive("a connection attempt while refused", Duration.ofSeconds(60), () -> proxy.refused() > 0);
                Thread.sleep(3_000); // the time the database is down, not a wait for luck
                proxy.accept();
                int exit = child.exitCode(RandomCuts.CHILD_TIMEOUT);
                System.out.println("WarehouseFaultsIT refused: cut " + cut + " connections, refused " + proxy.refused()
                        + " connection attempts over 3 s, sync exited " + exit);
                assertEquals(0, exit, "the sync retries the warehouse and completes\n" + RandomCuts.tail(child.output()));
            }
            assertComplete(trial, "after the refusal");
            assertEquals("succeeded", trial.read().runs().get(0).status(), "the one run: " + trial.read().runs());
        }
    }

    @Test
    void a_warehouse_that_stays_down_fails_the_sync_and_the_next_one_catches_up() throws Exception {
        // One operator's three streams at once, two attempts each: each attempt may wait out the pool's connection timeout.
        try (WarehouseFaultTrial trial = WarehouseFaultTrial.start(ApiVersion.V2024_11_11, OPTIONS.withOperators(1), SLOW_PAGE)) {
            FaultyTcpProxy proxy = trial.proxy();
            Map<String, String> env = trial.environment();
            env.put("SYNC_PARALLEL", "3");
            env.put("WAREHOUSE_RETRY_MAX_ATTEMPTS", "2");
            env.put("WAREHOUSE_RETRY_MAX_DELAY_MS", "1000");
            try (CliProcess child = CliProcess.start("down", env, "sync")) {
                long before = trial.simulator.requestCount();
                child.awaitWhileAlive("a few pages fetched", Duration.ofSeconds(90), () -> trial.simulator.requestCount() >= before + 6);
                proxy.refuse();
                proxy.cutAll();
                long down = System.nanoTime();
                int exit = child.exitCode(RandomCuts.CHILD_TIMEOUT);
                System.out.println("WarehouseFaultsIT down: sync exited " + exit + " " + seconds(Duration.ofNanos(System.nanoTime() - down))
                        + " after the warehouse went down, after " + proxy.refused() + " refused connection attempts");
                assertEquals(1, exit, "a sync whose warehouse stays down fails\n" + RandomCuts.tail(child.output()));
            }
            proxy.accept();
            assertTrue(trial.read().runs().stream().noneMatch(r -> "succeeded".equals(r.status())), "no run claims success: "
                    + trial.read().runs());
            try (CliProcess child = CliProcess.start("back-up", trial.environment(), "sync")) {
                assertEquals(0, child.exitCode(RandomCuts.CHILD_TIMEOUT), RandomCuts.tail(child.output()));
            }
            assertComplete(trial, "after the warehouse came back");
        }
    }

    @Test
    void idle_connections_cut_between_fires_of_run_heal_by_the_next_fire() throws Exception {
        // New conversations arrive between fires (the test moves the simulator's clock), so the fire after a cut has
        // new pages to write. The history ends half an hour before the wall clock; a long lookback re-reads it.
        SimulatorOptions options = OPTIONS.withConversations(200).withArrivalsPerMinute(60).withStart(Instant.now().minus(Duration.ofMinutes(30)));
        try (WarehouseFaultTrial trial = WarehouseFaultTrial.start(ApiVersion.V2024_11_11, options, Duration.ZERO)) {
            FaultyTcpProxy proxy = trial.proxy();
            Map<String, String> env = trial.environment();
            env.put("SYNC_SCHEDULE", "0/3 * * * * ?");
            env.put("SYNC_LOOKBACK", "PT2H");
            try (CliProcess run = CliProcess.start("run-idle-cut", env, "run")) {
                run.awaitWhileAlive("a succeeded sync", Duration.ofSeconds(120), unchecked(() -> succeededRuns(trial) > 0));
                for (int round = 1; round <= 2; round++) {
                    int[] cut = {0};
                    long[] lastRun = {0};
                    long openedBefore = proxy.opened();
                    // Between two fires every connection of the service idles; a NAT's idle timeout drops them all.
                    run.awaitWhileAlive("connections idle between fires, cut", Duration.ofSeconds(60), unchecked(() -> {
                        int open = proxy.forwarding();
                        if (open == 0 || proxy.idleLongerThan(IDLE) < open || runningRuns(trial) > 0) {
                            return false;
                        }
                        trial.simulator.clock().advance(Duration.ofMinutes(1));
                        lastRun[0] = trial.read().lastRunId(); // a run inserted after this lists what arrived
                        cut[0] = proxy.cutIdleLongerThan(IDLE);
                        return cut[0] > 0;
                    }));
                    Map<String, String> truth = trial.truth();
                    run.awaitWhileAlive("the next fire finished", Duration.ofSeconds(90), unchecked(() -> trial.read()
                            .runsAfter(lastRun[0]).stream().findFirst().filter(r -> !"running".equals(r.status())).isPresent()));
                    WarehouseFaultTrial.Snapshot table = trial.read();
                    WarehouseFaultTrial.Run next = table.runsAfter(lastRun[0]).get(0);
                    List<String> missing = table.missingFrom(truth);
                    System.out.println("WarehouseFaultsIT run, round " + round + ": cut " + cut[0] + " idle connections; the next fire "
                            + next.status() + " on " + (proxy.opened() - openedBefore) + " new connections; " + missing.size()
                            + " of " + truth.size() + " conversations missing");
                    assertEquals("succeeded", next.status(), "the first fire after idle connections were cut: " + next
                            + "\n" + RandomCuts.tail(run.output()));
                    assertEquals(List.of(), missing.subList(0, Math.min(10, missing.size())),
                            missing.size() + " conversations missing after the succeeded run " + next);
                }
                assertTrue(run.isAlive(), "run stays up");
                assertComplete(trial, "after the idle cuts");
                assertEquals(0, run.terminate(Duration.ofSeconds(60)), RandomCuts.tail(run.output()));
            }
        }
    }

    /**
     * One half-open trial: the client's side of every connection cut while a session of the child holds locks, the
     * server's side left open. Then syncs are started one after the other, as cron would, until one exits 0; each
     * must end well within {@link #LONGEST_WAIT}, and the first to exit 0 must leave the table complete.
     */
    private static final class HalfOpen {
        private final WarehouseFaultTrial trial;
        private final String scenario;
        private final List<String> waits = new ArrayList<>();
        private long cutAt;
        private Duration ghostReleased;
        private double longestLockWait;
        private Duration longestChild = Duration.ZERO;

        HalfOpen(WarehouseFaultTrial trial, String scenario) {
            this.trial = trial;
            this.scenario = scenario;
        }

        /** Patient retries: the sync may outlive a half-open session's locks instead of failing behind them. */
        Map<String, String> environment() {
            Map<String, String> env = trial.environment();
            env.put("WAREHOUSE_RETRY_MAX_ATTEMPTS", "40");
            env.put("WAREHOUSE_RETRY_MAX_DELAY_MS", "5000");
            return env;
        }

        /** Cuts the client's sides, lets the blocked session run on, and checks that it now holds what was asked. */
        void cut(CliProcess child, Connection blocker, String holding, java.util.function.Predicate<WarehouseFaultTrial.Session> holds)
                throws Exception {
            int cut = trial.proxy().cutClientSideOnly();
            cutAt = System.nanoTime();
            blocker.commit();
            await("after the cut, " + holding, Duration.ofSeconds(30), unchecked(() -> trial.halfOpenSessions().stream().anyMatch(holds)));
            System.out.println("WarehouseFaultsIT half-open " + scenario + ": cut the client side of " + cut + " connections; the server keeps "
                    + trial.halfOpenSessions());
            Thread watch = new Thread(this::watch, "half-open-watch-" + scenario);
            watch.setDaemon(true);
            watch.start();
            try {
                int exit = child.exitCode(LONGEST_WAIT.plusMinutes(1));
                record("the cut sync", exit, Duration.ofNanos(System.nanoTime() - cutAt), child);
                for (int n = 1; exit != 0; n++) {
                    if (Duration.ofNanos(System.nanoTime() - cutAt).compareTo(LONGEST_WAIT.plusMinutes(1)) > 0) {
                        fail("no sync completed within " + LONGEST_WAIT.plusMinutes(1) + " of the cut: " + waits);
                    }
                    long start = System.nanoTime();
                    try (CliProcess next = CliProcess.start(scenario + "-after-the-cut-" + n, environment(), "sync")) {
                        exit = next.exitCode(LONGEST_WAIT.plusMinutes(1));
                        record("sync " + n + " after the cut", exit, Duration.ofNanos(System.nanoTime() - start), next);
                    }
                }
            } finally {
                watch.interrupt();
                watch.join(10_000);
            }
        }

        private void record(String which, int exit, Duration took, CliProcess child) {
            waits.add(which + " exited " + exit + " after " + seconds(took));
            if (took.compareTo(longestChild) > 0) {
                longestChild = took;
            }
            assertTrue(exit == 0 || exit == 1, which + " exited " + exit + "\n" + RandomCuts.tail(child.output()));
            assertTrue(took.compareTo(LONGEST_WAIT) < 0, which + " waited " + seconds(took) + " (no process may wait "
                    + LONGEST_WAIT + " behind a half-open session)\n" + RandomCuts.tail(child.output()));
        }

        /** Polls the server: the longest lock wait of a live session, and when no half-open session holds anything. */
        private void watch() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    for (WarehouseFaultTrial.Session s : trial.liveSessions()) {
                        if (s.waitsOnLock()) {
                            longestLockWait = Math.max(longestLockWait, s.lockWaitSeconds());
                        }
                    }
                    if (ghostReleased == null && trial.halfOpenSessions().stream()
                            .allMatch(s -> "idle".equals(s.state()) && s.advisoryLocks() == 0)) {
                        ghostReleased = Duration.ofNanos(System.nanoTime() - cutAt);
                    }
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (SQLException e) {
                    // the next poll tries again
                }
            }
        }

        void assertRecovered() throws Exception {
            String figures = "half-open " + scenario + ": " + waits + "; the half-open session held its locks for "
                    + (ghostReleased == null ? "longer than the test watched" : seconds(ghostReleased))
                    + "; longest single lock wait " + String.format("%.1f s", longestLockWait)
                    + "; longest wait behind it " + seconds(longestChild);
            System.out.println("WarehouseFaultsIT " + figures);
            assertTrue(ghostReleased != null && ghostReleased.compareTo(LONGEST_WAIT) < 0,
                    "a session the network cut releases its locks within " + LONGEST_WAIT + ": " + figures);
            assertTrue(longestLockWait < LONGEST_WAIT.toSeconds(), figures);
            assertComplete(trial, figures);
        }
    }

    /** The table equals the API's listing, every stream ended closed, nothing was dead-lettered. */
    private static void assertComplete(WarehouseFaultTrial trial, String context) throws SQLException {
        Map<String, String> truth = trial.truth();
        WarehouseFaultTrial.Snapshot table = trial.read();
        List<String> missing = table.missingFrom(truth);
        assertEquals(List.of(), missing.subList(0, Math.min(10, missing.size())),
                missing.size() + " of " + truth.size() + " conversations missing or stale " + context);
        assertEquals(truth.keySet(), table.conversations().keySet(), "no conversation the API does not list " + context);
        table.streams().forEach((stream, state) -> assertEquals("watermark set, no resume cursor", state, "stream " + stream + " " + context));
        assertEquals(0, table.deadLetters(), "a warehouse fault dead-letters nothing " + context);
    }

    private static long runningRuns(WarehouseFaultTrial trial) throws SQLException {
        return trial.read().runs().stream().filter(r -> "running".equals(r.status())).count();
    }

    private static long succeededRuns(WarehouseFaultTrial trial) throws SQLException {
        return trial.read().runs().stream().filter(r -> "succeeded".equals(r.status())).count();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        // FOR UPDATE locks as the rows are read
                    }
                }
            }
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + timeout + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    @FunctionalInterface
    private interface Scenario {
        void run() throws Exception;
    }

    private static Runnable task(Scenario scenario) {
        return () -> {
            try {
                scenario.run();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        };
    }

    @FunctionalInterface
    private interface SqlCondition {
        boolean test() throws SQLException;
    }

    private static BooleanSupplier unchecked(SqlCondition condition) {
        return () -> {
            try {
                return condition.test();
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        };
    }
}
