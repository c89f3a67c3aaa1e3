package dev.operatorsync.sync;

import dev.operatorsync.admin.AdminApi;
import dev.operatorsync.admin.AdminAuth;
import dev.operatorsync.admin.AdminReads;
import dev.operatorsync.admin.AdminSettings;
import dev.operatorsync.config.Settings;
import dev.operatorsync.config.WarehouseRetrySettings;
import dev.operatorsync.ops.ApiCallNotifier;
import dev.operatorsync.ops.ConfiguredStreams;
import dev.operatorsync.ops.InstanceIdInLogs;
import dev.operatorsync.ops.ReadinessChecks;
import dev.operatorsync.ops.ServiceSettings;
import dev.operatorsync.ops.SyncMetrics;
import dev.operatorsync.ops.WarehouseFacts;
import dev.operatorsync.warehouse.ReconcileRecord;
import dev.operatorsync.ops.WebhookMetrics;
import dev.operatorsync.warehouse.RunLedger;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.StoredDeadLetter;
import dev.operatorsync.warehouse.Warehouse;
import dev.operatorsync.webhook.WebhookHttpServer;
import dev.operatorsync.webhook.WebhookReceiver;
import dev.operatorsync.webhook.WebhookSettings;
import dev.operatorsync.webhook.WebhookWorker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.quartz.SchedulerException;
import org.apache.camel.spi.ShutdownStrategy;

/**
 * The Camel application: the YAML routes from {@code routes/}, the beans they call, and the settings as
 * property placeholders. {@code scheduled} includes the Quartz route (the {@code run} command); without
 * it the engine only syncs when asked ({@code sync}, tests). Scheduled on a shared warehouse (PostgreSQL), Quartz's
 * job store is the warehouse's, clustered with every other {@code run} of the same schema ({@link ClusteredSchedule}).
 */
public final class SyncEngine implements AutoCloseable {
    /** The error of a run that SIGINT or SIGTERM ended. */
    public static final String INTERRUPTED = "interrupted";
    private final Main main;
    private final PageLoader pageLoader;
    private final Warehouse warehouse;
    private final WarehouseFacts facts;
    private final Clock clock;
    private final boolean scheduled;
    private final Settings settings;
    private final Backfills backfills;
    private final Reconciles reconciles;
    private final List<ExecutorService> loadPools;
    private final SyncRuns syncRuns;
    private final SyncMetrics metrics;
    private final ApiErrorClassifier classifier;
    private WebhookWorker webhookWorker;

    private SyncEngine(Main main, PageLoader pageLoader, Warehouse warehouse, WarehouseFacts facts, Clock clock, boolean scheduled,
                       Settings settings, Backfills backfills, Reconciles reconciles, List<ExecutorService> loadPools, SyncRuns syncRuns,
                       SyncMetrics metrics, ApiErrorClassifier classifier) {
        this.main = main;
        this.pageLoader = pageLoader;
        this.warehouse = warehouse;
        this.facts = facts;
        this.clock = clock;
        this.scheduled = scheduled;
        this.settings = settings;
        this.backfills = backfills;
        this.reconciles = reconciles;
        this.loadPools = loadPools;
        this.syncRuns = syncRuns;
        this.metrics = metrics;
        this.classifier = classifier;
    }

    /**
     * @param camelProperties non-secret keys handed to Camel as placeholders and {@code camel.*} options
     */
    public static SyncEngine create(Settings settings, Map<String, String> camelProperties, Path routesDir, Clock clock,
                                    Warehouse warehouse, boolean scheduled) throws SchedulerException {
        return create(settings, camelProperties, routesDir, clock, warehouse, scheduled, null);
    }

    /** @param admin where the admin HTTP API (routes/admin.camel.yaml) listens; null leaves it out */
    public static SyncEngine create(Settings settings, Map<String, String> camelProperties, Path routesDir, Clock clock,
                                    Warehouse warehouse, boolean scheduled, AdminSettings admin) throws SchedulerException {
        InstanceIdInLogs.install(settings.instanceId());
        boolean clustered = scheduled && warehouse.dialect().shared();
        Main main = new Main();
        main.configure().withRoutesIncludePattern("file:" + routesDir.toAbsolutePath() + "/*.camel.yaml");
        Properties properties = new Properties();
        properties.putAll(camelProperties);
        properties.put("operator.api.base-url", settings.apiBaseUrl().toString());
        properties.put("sync.schedule", settings.schedule());
        properties.put("operator-sync.scheduled", Boolean.toString(scheduled));
        WarehouseRetrySettings warehouseRetry = WarehouseRetrySettings.from(camelProperties);
        properties.putAll(warehouseRetry.asPlaceholders());
        properties.put("operator-sync.admin", Boolean.toString(admin != null));
        properties.put("operator-sync.clustered", Boolean.toString(clustered && admin != null));
        properties.put("operator-sync.checkin-interval-ms", Long.toString(settings.checkinInterval().toMillis()));
        properties.put("operator-sync.webhooks", "false");
        if (admin != null) {
            properties.put("camel.server.enabled", "true");
            properties.put("camel.server.host", admin.host());
            properties.put("camel.server.port", Integer.toString(admin.port()));
            properties.put("camel.server.fileUploadEnabled", "false");
        }
        main.setInitialProperties(properties);
        // Business metrics live in the registry Camel's Prometheus endpoint serves (see serveManagement).
        SyncMetrics metrics = SyncMetrics.prometheus();
        metrics.instance(settings.instanceId());
        WarehouseFacts facts = new WarehouseFacts(warehouse, ConfiguredStreams.of(settings), clock);
        facts.bindTo(metrics.registry());
        facts.streams().streams().forEach(s -> metrics.declareStream(s.operator(), s.stream()));
        main.bind(MicrometerConstants.METRICS_REGISTRY_NAME, metrics.registry());
        main.bind("apiCallNotifier", new ApiCallNotifier(metrics, settings.apiBaseUrl().toString()));
        PageLoader pageLoader = new PageLoader(warehouse, metrics);
        ApiErrorClassifier classifier = new ApiErrorClassifier();
        main.bind("apiErrors", classifier);
        main.bind("refusedCursors", new RefusedCursors(classifier));
        main.bind("redeliveryPlanner", new RedeliveryPlanner(classifier, settings.rateLimitMaxWait(), clock));
        main.bind("warehouseRetries", new WarehouseRetries(warehouse.dialect(), warehouseRetry.maxAttempts()));
        SyncRuns syncRuns = new SyncRuns(warehouse, clock, classifier, metrics, facts::refresh);
        main.bind("syncRuns", syncRuns);
        main.bind("streamPlanner", new StreamPlanner(settings, warehouse));
        main.bind("apiRequest", new ApiRequest(settings));
        main.bind("pageReader", new PageReader(settings, clock, metrics));
        main.bind("pageLoader", pageLoader);
        Backfills backfills = new Backfills(settings, warehouse, clock, clustered && admin != null);
        ExecutorService syncStreamExecutor = LoadPools.create("sync-stream", settings.syncParallel());
        ExecutorService backfillExecutor = LoadPools.createFeedingAtItsPace("backfill-window", Settings.parallelism("backfill.parallel",
                camelProperties.get("backfill.parallel"), LoadPools.backfillDefault()));
        main.bind("backfills", backfills);
        ReconcileSettings reconcileSettings = ReconcileSettings.from(camelProperties);
        properties.put("reconcile.schedule", reconcileSettings.schedule());
        Reconciles reconciles = new Reconciles(settings, reconcileSettings, warehouse, clock, metrics, classifier, facts::refresh);
        main.bind("reconciles", reconciles);
        main.bind("conversationRequest", new ConversationRequest(settings));
        main.bind("conversationReader", new ConversationReader(settings, clock));
        main.bind("warehouseDataSource", warehouse.dataSource());
        for (String query : List.of("reconcile_restore", "reconcile_unlisted", "reconcile_mark_deleted")) {
            main.bind("sql." + query, warehouse.sql(query)); // routes/reconcile.camel.yaml reads them as sql:ref:sql.<name>
        }
        ExecutorService reconcileExecutor = LoadPools.create("reconcile-window", reconcileSettings.parallel());
        main.bind("reconcileExecutor", reconcileExecutor);
        main.bind("syncStreamExecutor", syncStreamExecutor);
        main.bind("backfillExecutor", backfillExecutor);
        if (admin != null) {
            main.bind("adminAuth", new AdminAuth(admin));
            main.bind("adminApi", new AdminApi(settings, warehouse, backfills));
            main.bind("adminReads", new AdminReads(warehouse));
        }
        if (clustered) {
            main.bind("quartz", ClusteredSchedule.component(warehouse, settings));
            main.bind("backfillTakeover", new BackfillTakeover(settings, warehouse, backfills, clock));
        }
        return new SyncEngine(main, pageLoader, warehouse, facts, clock, scheduled, settings, backfills, reconciles,
                List.of(syncStreamExecutor, backfillExecutor, reconcileExecutor), syncRuns, metrics, classifier);
    }

    /**
     * Serves health and metrics on the management port ({@code run}, {@code demo}); call before {@link #start()}
     * or {@link #runUntilStopped()}. {@code camel.*} keys set in the configuration file win over these.
     */
    public SyncEngine serveManagement(ServiceSettings service) {
        Properties properties = main.getInitialProperties();
        properties.putIfAbsent("camel.management.enabled", "true");
        properties.putIfAbsent("camel.management.port", Integer.toString(service.managementPort()));
        properties.putIfAbsent("camel.management.healthCheckEnabled", "true");
        properties.putIfAbsent("camel.management.healthPath", service.healthPath());
        properties.putIfAbsent("camel.management.metricsEnabled", "true");
        properties.putIfAbsent("camel.metrics.enabled", "true");
        properties.putIfAbsent("camel.metrics.path", service.metricsPath());
        properties.putIfAbsent("camel.metrics.binders", "processor,jvm-info,jvm-memory,jvm-gc,jvm-thread,file-descriptor,uptime");
        properties.putIfAbsent("camel.health.exposureLevel", "full");
        var checks = ReadinessChecks.create(warehouse, facts, service.maxSyncAge(), clock, Instant.now(clock), scheduled);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport support) {
                HealthCheckRegistry registry = HealthCheckRegistry.get(support.getCamelContext());
                checks.forEach(registry::register);
            }
        });
        return this;
    }

    /** Runs {@code action} once Camel has started: its servers listen and the schedule is set. */
    public SyncEngine whenStarted(Runnable action) {
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport support) {
                action.run();
            }
        });
        return this;
    }

    /**
     * Serves the webhook receiver on its own port and runs its worker (routes/webhooks.camel.yaml); call before
     * {@link #start()} or {@link #runUntilStopped()}.
     */
    public SyncEngine serveWebhooks(WebhookSettings webhooks) {
        Properties properties = main.getInitialProperties();
        properties.put("operator-sync.webhooks", "true");
        properties.put("webhook.poll-interval-ms", Long.toString(Math.max(1, webhooks.pollInterval().toMillis())));
        properties.put("webhook.parallel", Integer.toString(webhooks.parallel()));
        properties.put("webhook.queue-size", Integer.toString(WebhookWorker.QUEUE_SIZE));
        WebhookMetrics webhookMetrics = new WebhookMetrics(metrics.registry());
        WebhookHttpServer server = new WebhookHttpServer(webhooks);
        webhookWorker = new WebhookWorker(settings, webhooks, warehouse, webhookMetrics, classifier, clock);
        main.bind("webhookHttp", server);
        main.bind("webhookReceiver", new WebhookReceiver(webhooks, warehouse.webhookEvents(), webhookMetrics, clock));
        main.bind("webhookWorker", webhookWorker);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport support) {
                try {
                    server.addTo(support.getCamelContext());
                } catch (Exception e) {
                    throw new IllegalStateException("cannot serve webhooks on " + webhooks.host() + ":" + webhooks.port(), e);
                }
            }
        });
        return this;
    }

    /** Asks a running {@link #runUntilStopped()} to stop: the page in flight commits, the scheduler stops. */
    public void requestStop() {
        main.completed();
    }

    /**
     * Ends the sync or backfill in progress ({@code sync}, {@code backfill} on SIGINT or SIGTERM): no stream or window
     * starts any more, the one in flight stops after the page it is on (its commit finishes or rolls back), and the
     * runs close as failed with {@link #INTERRUPTED}. Returns once Camel has stopped, within {@code grace}.
     */
    public void interrupt(Duration grace) {
        syncRuns.interrupt(INTERRUPTED);
        backfills.interrupt(INTERRUPTED);
        ShutdownStrategy shutdown = main.getCamelContext().getShutdownStrategy();
        shutdown.setTimeUnit(TimeUnit.MILLISECONDS);
        shutdown.setTimeout(Math.max(1, grace.toMillis()));
        // A page waiting out a retry's backoff outlasts the grace; the command closes its run, so no dump of it is needed.
        shutdown.setLogInflightExchangesOnTimeout(false);
        main.stop();
    }

    public SyncEngine start() {
        main.start();
        return this;
    }

    /** One incremental sync of every configured stream. */
    public RunRecord syncOnce() throws Exception {
        ProducerTemplate template = main.getCamelTemplate();
        return template.requestBody("direct:sync", null, RunRecord.class);
    }

    /** Replays dead letters in one run of kind {@code replay}; the run fails when any letter fails again. */
    public RunRecord replay(List<StoredDeadLetter> letters) throws Exception {
        RunLedger ledger = warehouse.runLedger();
        long runId = ledger.start("replay", null, null);
        List<String> failures = List.of("the replay stopped before its end");
        try {
            failures = new DeadLetterReplayer(warehouse, settings, main.getCamelTemplate()).replay(letters, runId);
        } finally {
            ledger.finish(runId, failures.isEmpty() ? "succeeded" : "failed", 0, failures.isEmpty() ? null : String.join("; ", failures));
        }
        return ledger.find(runId).orElseThrow();
    }

    /** Prepares backfills (new or continued) for {@link #backfill}. */
    public Backfills backfills() {
        return backfills;
    }

    /** Loads a prepared backfill's windows through routes/backfill.camel.yaml; returns its finished run. */
    public RunRecord backfill(BackfillJob job) throws Exception {
        return main.getCamelTemplate().requestBody("direct:backfill", job, RunRecord.class);
    }

    /** Plans reconciles: the schedule's range, the default end of a range. */
    public Reconciles reconciles() {
        return reconciles;
    }

    /** Reconciles the request's range through routes/reconcile.camel.yaml; returns its finished run and what it found. */
    public ReconcileRecord reconcile(ReconcileRequest request) throws Exception {
        return main.getCamelTemplate().requestBody("direct:reconcile", request, ReconcileRecord.class);
    }

    /** Serves the schedule until the process is asked to stop (SIGTERM, Ctrl-C). */
    public void runUntilStopped() throws Exception {
        main.run();
    }

    @Override
    public void close() throws Exception {
        main.stop();
        loadPools.forEach(ExecutorService::shutdownNow);
        pageLoader.close();
        if (webhookWorker != null) {
            webhookWorker.close();
        }
    }
}
