package dev.operatorsync.ops;

import dev.operatorsync.warehouse.PageOutcome;
import dev.operatorsync.warehouse.RunRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The business metrics of operator-sync, in Micrometer terms; Camel's Prometheus registry serves them on
 * {@code /observe/metrics} beside its own. Prometheus names: {@code operator_sync_} prefix, {@code _total}
 * counters, seconds as the unit. Labels stay bounded: {@code operator} (a configured operator id, or
 * {@code account} under 2025-06-19), {@code stream} (the window's kind), {@code outcome}, {@code status}
 * (an HTTP status code, or {@code error} when no response came), {@code kind}, {@code stage}.
 */
public final class SyncMetrics {
    public static final String PREFIX = "operator_sync";

    private final MeterRegistry registry;
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();

    private SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(PREFIX + ".last.success.timestamp", lastSuccessEpochSeconds, AtomicLong::doubleValue)
                .description("When this process last finished a sync run that succeeded (Unix time; 0 before the first)")
                .baseUnit("seconds").register(registry);
        // Present from the start, so dashboards and alerts see zeros instead of gaps until issue-3 retries happen.
        retries();
        rateLimitWait();
        reconciled(0, 0, 0, 0);
    }

    /** Metrics kept in a Prometheus registry, for Camel to serve (bind it as {@code metricsRegistry}). */
    public static SyncMetrics prometheus() {
        return new SyncMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * {@code operator_sync_instance_info{instance_id}} = 1: which instance these metrics come from, to join on the
     * scrape's own labels. A label on every metric instead would start new series at each restart (the default id
     * holds the process id) and clash with the {@code instance} label Prometheus sets itself.
     */
    public void instance(String instanceId) {
        Gauge.builder(PREFIX + ".instance.info", () -> 1).description("The cluster.instance-id of this process (always 1)")
                .tags("instance_id", instanceId).register(registry);
    }

    /** Registers a configured stream's record counters at zero, so rates and alerts see it before its first record. */
    public void declareStream(String operator, String stream) {
        recordsFetched(operator, stream, 0);
        for (String outcome : new String[] {"inserted", "updated", "unchanged", "dead_lettered"}) {
            records(operator, stream, outcome, 0);
        }
    }

    /** Records the API returned in one page, before they are mapped or written. */
    public void recordsFetched(String operator, String stream, long records) {
        Counter.builder(PREFIX + ".records.fetched").description("Records the API returned")
                .tags("operator", operator, "stream", stream).register(registry).increment(records);
    }

    /** What one committed page did to the table. */
    public void pageWritten(String operator, String stream, PageOutcome outcome, long nanos) {
        Timer.builder(PREFIX + ".page.write").description("Time to write one transaction of a stream's pages (one, or those that waited while the previous write ran) with its resume point")
                .tags("operator", operator, "stream", stream)
                .serviceLevelObjectives(ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000), ms(10000))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        records(operator, stream, "inserted", outcome.inserted());
        records(operator, stream, "updated", outcome.updated());
        records(operator, stream, "unchanged", outcome.unchanged());
    }

    /** Records set aside in {@code dead_letters} instead of being written. */
    public void recordsDeadLettered(String operator, String stream, long records) {
        records(operator, stream, "dead_lettered", records);
    }

    private void records(String operator, String stream, String outcome, long count) {
        Counter.builder(PREFIX + ".records").description("Records by what the load did with them")
                .tags("operator", operator, "stream", stream, "outcome", outcome).register(registry).increment(count);
    }

    /** One HTTP call to the API: its status code ({@code error} without a response) and how long it took. */
    public void apiRequest(String operator, String stream, String status, long nanos) {
        Counter.builder(PREFIX + ".api.requests").description("Requests to the Operator API by HTTP status")
                .tags("status", status).register(registry).increment();
        Timer.builder(PREFIX + ".page.fetch").description("Time from sending a page request to its whole response")
                .tags("operator", operator, "stream", stream)
                .serviceLevelObjectives(ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000), ms(10000), ms(30000), ms(60000))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A run that ended, as its {@code sync_runs} row says. */
    public void runFinished(RunRecord run) {
        Duration took = run.finishedAt() == null ? Duration.ZERO : Duration.between(run.startedAt(), run.finishedAt());
        Timer.builder(PREFIX + ".run.duration").description("Wall time of a run, from its start to its sync_runs row closing")
                .tags("kind", run.kind(), "status", run.status())
                .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
                        Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
                        Duration.ofMinutes(30), Duration.ofHours(1))
                .register(registry).record(took);
        Counter.builder(PREFIX + ".runs").description("Runs finished, by kind and status")
                .tags("kind", run.kind(), "status", run.status()).register(registry).increment();
        retries().increment(run.counts().retries());
        rateLimitWait().increment(run.counts().rateLimitWaitMillis() / 1000.0);
        if ("sync".equals(run.kind()) && "succeeded".equals(run.status()) && run.finishedAt() != null) {
            lastSuccessEpochSeconds.set(run.finishedAt().getEpochSecond());
        }
    }

    /** What a reconcile found: conversations listed, missing from the table (and loaded), marked deleted, restored. */
    public void reconciled(long listed, long missing, long deleted, long restored) {
        reconcileRows("listed").increment(listed);
        reconcileRows("missing").increment(missing);
        reconcileRows("deleted").increment(deleted);
        reconcileRows("restored").increment(restored);
    }

    private Counter reconcileRows(String outcome) {
        return Counter.builder(PREFIX + ".reconcile.rows").description("What reconciles found: rows listed, missing (and loaded), marked deleted, restored")
                .tags("outcome", outcome).register(registry);
    }

    private Counter retries() {
        return Counter.builder(PREFIX + ".retries").description("Requests retried after a transient failure (sync_runs.retries)")
                .register(registry);
    }

    private Counter rateLimitWait() {
        return Counter.builder(PREFIX + ".rate.limit.wait").baseUnit("seconds")
                .description("Time spent waiting on the API's rate limits (sync_runs.rate_limit_wait_seconds)").register(registry);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
