package dev.operatorsync.sync;

import dev.operatorsync.testing.CliProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Syncs a trial's simulator into its schema with {@code java -jar ... sync} children, one after the other, while
 * cutting every warehouse connection (both sides, as a database restart does) at random instants, until the cuts
 * are spent and a sync exits 0. After each child it checks guarantee 8's promise: a child that exited 0, or whose
 * {@code sync_runs} row says succeeded, left every conversation the API listed at its start in the table, as listed.
 */
final class RandomCuts {
    static final Duration CHILD_TIMEOUT = Duration.ofMinutes(4);
    /** The longest a child may go without an API request before the next cut is given up for that child. */
    private static final Duration QUIET_CHILD = Duration.ofMinutes(2);

    /**
     * @param cuts          cuts that cut at least one connection while a sync ran
     * @param runs          sync children started
     * @param conversations conversations the API listed at the end
     * @param missing       conversations missing (or stale) after a child that claimed success, summed over children
     * @param problems      each broken promise, with the child's output; empty when guarantee 8 held
     * @param failures      why each child that did not exit 0 failed: its last error line
     */
    record Outcome(int cuts, int runs, List<Integer> exitCodes, int conversations, int missing, List<String> problems,
                   List<String> failures) {
        String figures() {
            return "cuts=" + cuts + " runs=" + runs + " exits=" + exitCodes + " conversations=" + conversations + " missing=" + missing
                    + (failures.isEmpty() ? "" : "; failed children: " + failures);
        }
    }

    private RandomCuts() {
    }

    static Outcome run(WarehouseFaultTrial trial, Random random, int cuts, int maxChildren, String label) throws Exception {
        int cutsLeft = cuts;
        int made = 0;
        int missing = 0;
        List<Integer> exits = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Map<String, String> truth = Map.of();
        for (int n = 1; n <= maxChildren; n++) {
            truth = trial.truth();
            long lastRun = trial.read().lastRunId();
            int exit;
            String output;
            try (CliProcess child = CliProcess.start(label + "-" + n, trial.environment(), "sync")) {
                long requests = trial.simulator.requestCount();
                while (cutsLeft > 0 && child.isAlive()) {
                    // Few requests apart, so that the short re-syncs after a first successful child still meet a cut.
                    requests += 1 + random.nextInt(4);
                    if (!awaitRequests(trial, child, requests)) {
                        break;
                    }
                    // Anywhere between two requests: mid-fetch, mid-write, mid-commit, or in the run's bookkeeping.
                    Thread.sleep(random.nextInt(300));
                    if (child.isAlive() && trial.proxy().cutAll() > 0) {
                        cutsLeft--;
                        made++;
                    }
                }
                exit = endOf(child, problems);
                output = child.output();
            }
            exits.add(exit);
            if (exit != 0) {
                failures.add(label + "-" + n + ": " + lastError(output));
            }
            WarehouseFaultTrial.Snapshot after = trial.read();
            List<WarehouseFaultTrial.Run> runs = after.runsAfter(lastRun);
            boolean claimsSuccess = exit == 0 || runs.stream().anyMatch(r -> "succeeded".equals(r.status()));
            if (exit != 0 && exit != 1 && exit != HUNG) {
                problems.add(label + "-" + n + " exited " + exit + " (0 or 1 expected: only the warehouse failed)\n" + tail(output));
            }
            if (claimsSuccess) {
                List<String> gone = after.missingFrom(truth);
                if (!gone.isEmpty()) {
                    missing += gone.size();
                    problems.add(label + "-" + n + " exited " + exit + " with runs " + runs + " but left " + gone.size() + " of "
                            + truth.size() + " conversations missing or stale, e.g. " + gone.subList(0, Math.min(5, gone.size()))
                            + "\n" + tail(output));
                }
            }
            if (exit == 0 && cutsLeft == 0) {
                return new Outcome(made, n, exits, truth.size(), missing, problems, failures);
            }
            if (n == maxChildren) {
                problems.add("no sync exited 0 with every cut made within " + maxChildren + " children; the last one:\n" + tail(output));
            }
        }
        return new Outcome(made, maxChildren, exits, truth.size(), missing, problems, failures);
    }

    /** The exit status of a child that hung and was killed: a problem of its own, recorded as such. */
    private static final int HUNG = -1;

    /** The child's exit status; a child still running after {@link #CHILD_TIMEOUT} is killed and recorded as a problem. */
    private static int endOf(CliProcess child, List<String> problems) {
        try {
            return child.exitCode(CHILD_TIMEOUT);
        } catch (AssertionError hung) {
            problems.add(tail(hung.getMessage()));
            return HUNG;
        }
    }

    /** Whether the simulator saw {@code requests} requests in all before the child ended. */
    private static boolean awaitRequests(WarehouseFaultTrial trial, CliProcess child, long requests) throws InterruptedException {
        long deadline = System.nanoTime() + QUIET_CHILD.toNanos();
        while (trial.simulator.requestCount() < requests) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** The last line of a child's output that says something failed. */
    private static String lastError(String output) {
        List<String> lines = output.lines().filter(l -> l.contains("ERROR") || l.contains("failed")).toList();
        return lines.isEmpty() ? "(no error line)" : lines.get(lines.size() - 1).strip();
    }

    /** The end of a child's output, where its failure is. */
    static String tail(String output) {
        int keep = 6000;
        return output.length() <= keep ? output : "..." + output.substring(output.length() - keep);
    }
}
