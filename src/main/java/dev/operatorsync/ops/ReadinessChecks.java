package dev.operatorsync.ops;

import dev.operatorsync.warehouse.StreamState;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * The readiness checks of the service, each with its reason as the message. None is a liveness check: an
 * API outage, an expired key or a slow warehouse make the service not ready (alert, do not route work to
 * it) but never dead, so an orchestrator does not restart-loop a process that is fine.
 */
public final class ReadinessChecks {
    static final String GROUP = "operator-sync";

    private ReadinessChecks() {
    }

    /** Every check; {@code scheduled} adds the scheduler check ({@code run}, {@code demo}). */
    public static List<HealthCheck> create(Warehouse warehouse, WarehouseFacts facts, Duration maxSyncAge, Clock clock,
                                           Instant processStart, boolean scheduled) {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(new WarehouseCheck(warehouse));
        if (scheduled) {
            checks.add(new SchedulerCheck());
        }
        checks.add(new FreshnessCheck(facts, maxSyncAge, clock, processStart));
        checks.add(new LastSyncCheck(facts));
        return checks;
    }

    private abstract static class ReadinessCheck extends AbstractHealthCheck {
        ReadinessCheck(String id) {
            super(GROUP, id);
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        public boolean isReadiness() {
            return true;
        }
    }

    /** The warehouse answers a trivial query within five seconds. */
    static final class WarehouseCheck extends ReadinessCheck {
        private final Warehouse warehouse;

        WarehouseCheck(Warehouse warehouse) {
            super("warehouse");
            this.warehouse = warehouse;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            try (Connection connection = warehouse.connect()) {
                if (connection.isValid(5)) {
                    builder.up().message("the " + warehouse.dialect().name().toLowerCase() + " warehouse answers (schema "
                            + warehouse.schema() + ")");
                } else {
                    builder.down().message("the warehouse did not answer within 5 seconds");
                }
            } catch (SQLException e) {
                builder.down().message("cannot reach the warehouse: " + e.getMessage());
            }
        }
    }

    /** Quartz runs and holds the sync trigger with a next fire time; the route it fires is started. */
    static final class SchedulerCheck extends ReadinessCheck {
        SchedulerCheck() {
            super("scheduler");
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            CamelContext context = getCamelContext();
            ServiceStatus route = context.getRouteController().getRouteStatus("sync-schedule");
            if (route == null || !route.isStarted()) {
                builder.down().message("the sync-schedule route is " + (route == null ? "missing" : route.name().toLowerCase()));
                return;
            }
            QuartzComponent quartz = context.hasComponent("quartz") instanceof QuartzComponent q ? q : null;
            Scheduler scheduler = quartz == null ? null : quartz.getScheduler();
            try {
                if (scheduler == null || !scheduler.isStarted() || scheduler.isShutdown() || scheduler.isInStandbyMode()) {
                    builder.down().message("the Quartz scheduler is not running");
                    return;
                }
                Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey("sync", "operator-sync"));
                Date next = trigger == null ? null : trigger.getNextFireTime();
                if (next == null) {
                    builder.down().message("the sync trigger has no next fire time");
                } else {
                    builder.up().message("Quartz runs; next sync at " + next.toInstant());
                }
            } catch (SchedulerException e) {
                builder.down().message("cannot ask the Quartz scheduler: " + e.getMessage());
            }
        }
    }

    /**
     * Every configured stream last succeeded within the max age. A stream that never succeeded is given the
     * max age from the process start, so the first sync of a new deployment has time to finish.
     */
    static final class FreshnessCheck extends ReadinessCheck {
        private final WarehouseFacts facts;
        private final Duration maxAge;
        private final Clock clock;
        private final Instant processStart;

        FreshnessCheck(WarehouseFacts facts, Duration maxAge, Clock clock, Instant processStart) {
            super("sync-freshness");
            this.facts = facts;
            this.maxAge = maxAge;
            this.clock = clock;
            this.processStart = processStart;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            Instant now = clock.instant();
            Map<String, StreamState> states = facts.states();
            List<String> stale = new ArrayList<>();
            int pending = 0;
            Duration oldest = Duration.ZERO;
            for (ConfiguredStreams.Stream s : facts.streams().streams()) {
                StreamState state = states.get(s.streamId());
                Instant lastSuccess = state == null ? null : state.lastSuccessAt();
                if (lastSuccess == null) {
                    if (Duration.between(processStart, now).compareTo(maxAge) > 0) {
                        stale.add(s.streamId() + " never succeeded");
                    } else {
                        pending++;
                    }
                    builder.detail(s.streamId(), "never");
                    continue;
                }
                Duration age = Duration.between(lastSuccess, now);
                builder.detail(s.streamId(), lastSuccess.toString());
                if (age.compareTo(maxAge) > 0) {
                    stale.add(s.streamId() + " last succeeded " + human(age) + " ago");
                }
                if (age.compareTo(oldest) > 0) {
                    oldest = age;
                }
            }
            int total = facts.streams().streams().size();
            if (!stale.isEmpty()) {
                builder.down().message(stale.size() + " of " + total + " streams older than " + maxAge + ": " + String.join("; ", stale));
            } else if (pending > 0) {
                builder.up().message(pending + " of " + total + " streams await their first successful sync (allowed for "
                        + maxAge + " after the start)");
            } else {
                builder.up().message("all " + total + " streams succeeded within " + maxAge + "; the oldest " + human(oldest) + " ago");
            }
        }
    }

    /** The newest finished sync run succeeded; if it failed, its error is the reason (an API outage, a refused key). */
    static final class LastSyncCheck extends ReadinessCheck {
        private final WarehouseFacts facts;

        LastSyncCheck(WarehouseFacts facts) {
            super("last-sync");
            this.facts = facts;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            facts.lastRun().ifPresentOrElse(run -> {
                builder.detail("run_id", run.runId());
                if ("succeeded".equals(run.status())) {
                    builder.up().message("run " + run.runId() + " succeeded at " + run.finishedAt());
                } else {
                    builder.down().message("run " + run.runId() + " " + run.status() + " at " + run.finishedAt() + ": " + shorten(run.error()));
                }
            }, () -> builder.up().message("no sync has finished yet"));
        }
    }

    private static String shorten(String error) {
        return error == null || error.length() <= 400 ? error : error.substring(0, 400) + " ...";
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return s / 60 + "m";
        }
        return s / 3600 + "h";
    }
}
