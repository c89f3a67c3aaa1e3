package dev.operatorsync.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** What reconciles found, as Prometheus serves it: one series per outcome, present at zero from the start. */
class ReconcileMetricsTest {
    @Test
    void each_count_of_a_reconcile_is_a_series_of_its_own() {
        SyncMetrics metrics = SyncMetrics.prometheus();
        String before = ((PrometheusMeterRegistry) metrics.registry()).scrape();
        assertTrue(before.contains("operator_sync_reconcile_rows_total{outcome=\"deleted\"} 0.0"), before);

        metrics.reconciled(120, 2, 3, 1);
        metrics.reconciled(100, 0, 1, 0);

        String text = ((PrometheusMeterRegistry) metrics.registry()).scrape();
        for (String series : new String[] {"{outcome=\"listed\"} 220.0", "{outcome=\"missing\"} 2.0", "{outcome=\"deleted\"} 4.0",
                "{outcome=\"restored\"} 1.0"}) {
            assertTrue(text.contains("operator_sync_reconcile_rows_total" + series), text);
        }
    }
}
