package dev.operatorsync.sync;

import dev.operatorsync.config.Settings;
import dev.operatorsync.warehouse.BackfillStore;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a shared warehouse, finishes the backfills accepted over the admin API that no instance runs any more: their
 * instance stopped checking in to Quartz's cluster (killed, lost), or stopped and left them to the cluster (SIGTERM,
 * a rolling update). One instance claims each (the claim is a guarded update, and the takeover job runs on one
 * instance at a time), closes a lost instance's run of it as failed, and continues it at its first unfinished window
 * and page (routes/admin.camel.yaml).
 */
public final class BackfillTakeover {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillTakeover.class);

    private final Warehouse warehouse;
    private final Backfills backfills;
    private final String self;
    private final Clock clock;

    public BackfillTakeover(Settings settings, Warehouse warehouse, Backfills backfills, Clock clock) {
        this.warehouse = warehouse;
        this.backfills = backfills;
        this.self = settings.instanceId();
        this.clock = clock;
    }

    /** The backfills this instance took over, prepared for the backfill queue. */
    public List<BackfillJob> takeOver() throws SQLException {
        BackfillStore store = warehouse.backfillStore();
        List<BackfillJob> jobs = new ArrayList<>();
        for (BackfillStore.Orphan orphan : store.orphaned(self, clock.millis())) {
            if (!store.claim(orphan, self)) {
                continue;
            }
            LOG.warn("backfill {}: instance {} no longer runs it; this instance takes it over", orphan.backfillId(), orphan.instance());
            try {
                jobs.add(backfills.prepare(null, orphan.backfillId(), "api"));
            } catch (BackfillConflictException e) {
                String error = "taken over from instance " + orphan.instance() + " but " + e.getMessage()
                        + "; resume it with POST /api/backfills or backfill --resume " + orphan.backfillId();
                store.finish(orphan.backfillId(), "failed", error);
                LOG.warn("backfill {}: {}", orphan.backfillId(), error);
            }
        }
        return jobs;
    }
}
