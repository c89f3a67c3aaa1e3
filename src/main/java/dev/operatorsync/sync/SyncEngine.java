package dev.operatorsync.sync;

import dev.operatorsync.config.Settings;
import dev.operatorsync.warehouse.RunLedger;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.StoredDeadLetter;
import dev.operatorsync.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The Camel application: the YAML routes from {@code routes/}, the beans they call, and the settings as
 * property placeholders. {@code scheduled} includes the Quartz route (the {@code run} command); without
 * it the engine only syncs when asked ({@code sync}, tests).
 */
public final class SyncEngine implements AutoCloseable {
    private final Main main;
    private final PageLoader pageLoader;
    private final Warehouse warehouse;
    private final Settings settings;

    private SyncEngine(Main main, PageLoader pageLoader, Warehouse warehouse, Settings settings) {
        this.main = main;
        this.pageLoader = pageLoader;
        this.warehouse = warehouse;
        this.settings = settings;
    }

    /**
     * @param camelProperties non-secret keys handed to Camel as placeholders and {@code camel.*} options
     */
    public static SyncEngine create(Settings settings, Map<String, String> camelProperties, Path routesDir, Clock clock,
                                    Warehouse warehouse, boolean scheduled) {
        Main main = new Main();
        main.configure().withRoutesIncludePattern("file:" + routesDir.toAbsolutePath() + "/*.camel.yaml");
        Properties properties = new Properties();
        properties.putAll(camelProperties);
        properties.put("operator.api.base-url", settings.apiBaseUrl().toString());
        properties.put("sync.schedule", settings.schedule());
        properties.put("operator-sync.scheduled", Boolean.toString(scheduled));
        main.setInitialProperties(properties);
        PageLoader pageLoader = new PageLoader(warehouse);
        ApiErrorClassifier classifier = new ApiErrorClassifier();
        main.bind("apiErrors", classifier);
        main.bind("redeliveryPlanner", new RedeliveryPlanner(classifier, settings.rateLimitMaxWait(), clock));
        main.bind("syncRuns", new SyncRuns(warehouse, clock, classifier));
        main.bind("streamPlanner", new StreamPlanner(settings, warehouse));
        main.bind("apiRequest", new ApiRequest(settings));
        main.bind("pageReader", new PageReader(settings, clock));
        main.bind("pageLoader", pageLoader);
        return new SyncEngine(main, pageLoader, warehouse, settings);
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

    /** Serves the schedule until the process is asked to stop (SIGTERM, Ctrl-C). */
    public void runUntilStopped() throws Exception {
        main.run();
    }

    @Override
    public void close() throws Exception {
        main.stop();
        pageLoader.close();
    }
}
