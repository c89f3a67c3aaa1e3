package dev.operatorsync.sync;

import dev.operatorsync.config.Settings;
import dev.operatorsync.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * The schedule of {@code run} on a shared warehouse: Quartz's clustered JDBC job store, its tables in the warehouse
 * schema (V6__clustered_schedule.sql). Every instance of one schema is one Quartz cluster: a fire of the sync runs on
 * one instance (the route's {@code stateful=true} job is non-concurrent cluster-wide), and when an instance stops
 * checking in the others release what it held. The data source is bound in code, so no password sits in a Quartz
 * properties file.
 */
final class ClusteredSchedule {
    /** Quartz's scheduler name: the same on every instance, which is what makes them one cluster. */
    static final String SCHEDULER_NAME = "operator-sync";
    /**
     * What Quartz's ClusterManager adds to an instance's check-in interval before the others take it for dead
     * (a constant of Quartz's JobStoreSupport, not a setting).
     */
    static final Duration QUARTZ_GRACE = Duration.ofMillis(7500);
    /** The sync job, and one spare for a further clustered job. */
    private static final int THREADS = 2;
    /** Quartz's own threads (scheduler, check-ins, misfires) beside the job threads each hold a connection at times. */
    private static final int CONNECTIONS = THREADS + 3;
    /** Quartz's default: a fire later than this is a misfire, skipped by the route's misfireInstruction. */
    private static final Duration MISFIRE_THRESHOLD = Duration.ofMinutes(1);

    private ClusteredSchedule() {
    }

    /** The quartz component for the routes; its scheduler is created when Camel starts it. */
    static QuartzComponent component(Warehouse warehouse, Settings settings) throws SchedulerException {
        String dataSource = "operator-sync/" + warehouse.schema() + "/" + settings.instanceId();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, new Pool(warehouse.schedulerPool(CONNECTIONS)));
        QuartzComponent quartz = new QuartzComponent();
        quartz.setSchedulerFactory(new StdSchedulerFactory(properties(warehouse.schema(), settings.instanceId(),
                settings.checkinInterval(), dataSource)));
        return quartz;
    }

    static Properties properties(String schema, String instanceId, Duration checkinInterval, String dataSource) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        p.setProperty("org.quartz.scheduler.instanceId", instanceId);
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(THREADS));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSource);
        p.setProperty("org.quartz.jobStore.tablePrefix", schema + ".qrtz_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinInterval.toMillis()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(misfireThreshold(checkinInterval).toMillis()));
        return p;
    }

    /**
     * A fire due while a lost instance held the trigger is released only once the others notice the loss (two check-ins
     * and Quartz's grace at worst); it must then still run, late, rather than count as a misfire and wait a whole period.
     */
    static Duration misfireThreshold(Duration checkinInterval) {
        Duration detection = checkinInterval.multipliedBy(2).plus(QUARTZ_GRACE);
        return detection.compareTo(MISFIRE_THRESHOLD) > 0 ? detection : MISFIRE_THRESHOLD;
    }

    /** The warehouse's scheduler pool as Quartz asks for connections; the warehouse closes the pool. */
    private record Pool(DataSource pool) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return pool.getConnection();
        }

        @Override
        public void shutdown() {
            // the warehouse owns the pool and closes it after the engine
        }

        @Override
        public void initialize() {
            // the pool opens connections on first use
        }
    }
}
