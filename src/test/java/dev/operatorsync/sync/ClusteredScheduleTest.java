package dev.operatorsync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClusteredScheduleTest {
    @Test
    void quartz_keeps_its_tables_in_the_warehouse_schema_and_names_the_instance() {
        Properties p = ClusteredSchedule.properties("analytics_sync", "pod-1", Duration.ofMillis(7500), "ds");
        assertEquals("analytics_sync.qrtz_", p.getProperty("org.quartz.jobStore.tablePrefix"));
        assertEquals("pod-1", p.getProperty("org.quartz.scheduler.instanceId"));
        assertEquals("operator-sync", p.getProperty("org.quartz.scheduler.instanceName"));
        assertEquals("true", p.getProperty("org.quartz.jobStore.isClustered"));
        assertEquals("7500", p.getProperty("org.quartz.jobStore.clusterCheckinInterval"));
        assertEquals("org.quartz.impl.jdbcjobstore.PostgreSQLDelegate", p.getProperty("org.quartz.jobStore.driverDelegateClass"));
    }

    @Test
    void a_fire_held_by_a_lost_instance_still_runs_once_the_loss_is_noticed() {
        assertEquals(Duration.ofMinutes(1), ClusteredSchedule.misfireThreshold(Duration.ofMillis(7500)));
        assertEquals(Duration.ofMillis(2 * 60_000 + 7500), ClusteredSchedule.misfireThreshold(Duration.ofMinutes(1)));
    }
}
