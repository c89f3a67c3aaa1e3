package dev.operatorsync.sync;

import dev.operatorsync.config.Settings;
import dev.operatorsync.warehouse.RunRecord;
import dev.operatorsync.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Clock;
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
    private final Backfills backfills;
    private final java.util.concurrent.ExecutorService backfillExecutor;

    private SyncEngine(Main main, PageLoader pageLoader, Backfills backfills, java.util.concurrent.ExecutorService backfillExecutor) {
        this.main = main;
        this.pageLoader = pageLoader;
        this.backfills = backfills;
        this.backfillExecutor = backfillExecutor;
    }

    /**
     * @param camelProperties non-secret keys handed to Camel as placeholders and {@code camel.*} options
     */
    public static SyncEngine create(Settings settings, Map<String, String> camelProperties, Path routesDir, Clock clock,
                                    Warehouse warehouse, boolean scheduled) {
        return create(settings, camelProperties, routesDir, clock, warehouse, scheduled, null);
    }

    /** @param admin where the admin HTTP API (routes/admin.camel.yaml) listens; null leaves it out */
    public static SyncEngine create(Settings settings, Map<String, String> camelProperties, Path routesDir, Clock clock,
                                    Warehouse warehouse, boolean scheduled, dev.operatorsync.admin.AdminSettings admin) {
        Main main = new Main();
        main.configure().withRoutesIncludePattern("file:" + routesDir.toAbsolutePath() + "/*.camel.yaml");
        Properties properties = new Properties();
        properties.putAll(camelProperties);
        properties.put("operator.api.base-url", settings.apiBaseUrl().toString());
        properties.put("sync.schedule", settings.schedule());
        properties.put("operator-sync.scheduled", Boolean.toString(scheduled));
        properties.put("operator-sync.admin", Boolean.toString(admin != null));
        if (admin != null) {
            properties.put("camel.server.enabled", "true");
            properties.put("camel.server.host", admin.host());
            properties.put("camel.server.port", Integer.toString(admin.port()));
            properties.put("camel.server.fileUploadEnabled", "false");
        }
        main.setInitialProperties(properties);
        PageLoader pageLoader = new PageLoader(warehouse);
        main.bind("syncRuns", new SyncRuns(warehouse, clock));
        main.bind("streamPlanner", new StreamPlanner(settings, warehouse));
        main.bind("apiRequest", new ApiRequest(settings));
        main.bind("pageReader", new PageReader(settings, clock));
        main.bind("pageLoader", pageLoader);
        Backfills backfills = new Backfills(settings, warehouse, clock);
        java.util.concurrent.ExecutorService backfillExecutor =
                BackfillExecutor.create(BackfillExecutor.parallelism(camelProperties.get("backfill.parallel")));
        main.bind("backfills", backfills);
        main.bind("backfillExecutor", backfillExecutor);
        if (admin != null) {
            main.bind("adminAuth", new dev.operatorsync.admin.AdminAuth(admin));
            main.bind("adminApi", new dev.operatorsync.admin.AdminApi(settings, warehouse, backfills));
        }
        return new SyncEngine(main, pageLoader, backfills, backfillExecutor);
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

    /** Prepares backfills (new or continued) for {@link #backfill}. */
    public Backfills backfills() {
        return backfills;
    }

    /** Loads a prepared backfill's windows through routes/backfill.camel.yaml; returns its finished run. */
    public RunRecord backfill(BackfillJob job) throws Exception {
        return main.getCamelTemplate().requestBody("direct:backfill", job, RunRecord.class);
    }

    /** Serves the schedule until the process is asked to stop (SIGTERM, Ctrl-C). */
    public void runUntilStopped() throws Exception {
        main.run();
    }

    @Override
    public void close() throws Exception {
        main.stop();
        backfillExecutor.shutdownNow();
        pageLoader.close();
    }
}
