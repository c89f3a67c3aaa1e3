package dev.operatorsync.warehouse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warehouse database: PostgreSQL (production) or DuckDB (embedded), the same tables in the
 * configured schema. Thread-safe; every component it hands out uses its own connections.
 */
public final class Warehouse implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Warehouse.class);
    /**
     * DuckDB only: DuckDB refuses two open transactions that update the same row (a run's counts,
     * a stream's state), so its write transactions take turns. PostgreSQL waits on row locks instead.
     * Keyed by URL because the driver shares one database instance per file within the JVM.
     */
    private static final Map<String, Lock> DUCKDB_WRITE_LOCKS = new ConcurrentHashMap<>();
    /** More than the writes ever in flight at once (sync.parallel and backfill.parallel are at most 64 each). */
    private static final int WRITER_CONNECTIONS = 32;
    /** cluster.checkin-interval's default (Quartz's own): runs beat every half of it and lapse after two. */
    public static final Duration DEFAULT_CHECKIN_INTERVAL = Duration.ofMillis(7500);

    private final Dialect dialect;
    private final String schema;
    private final String jdbcUrl;
    private final Properties credentials;
    private final String password;
    private final SqlFiles sql;
    /** PostgreSQL only: created on first use by {@link #borrowConnection}. */
    private HikariDataSource pool;
    /** PostgreSQL only: the page writers' connections, created on first use by {@link #borrowWriterConnection}. */
    private HikariDataSource writerPool;
    /** PostgreSQL only: created on first use by {@link #schedulerPool}. */
    private HikariDataSource schedulerPool;
    /** DuckDB only: the connection whose database instance all others duplicate. */
    private final DuckDBConnection duckDb;
    private final Object migrateLock = new Object();
    private final String instanceId;
    private final RunHeartbeat heartbeat;

    private Warehouse(Dialect dialect, String schema, String jdbcUrl, Properties credentials, String password,
                      DuckDBConnection duckDb, String instanceId, Duration checkinInterval) {
        this.dialect = dialect;
        this.schema = schema;
        this.jdbcUrl = jdbcUrl;
        this.credentials = credentials;
        this.password = password;
        this.duckDb = duckDb;
        this.sql = new SqlFiles(dialect, schema);
        this.instanceId = instanceId;
        this.heartbeat = new RunHeartbeat(this::borrowConnection, sql, writeLock(), checkinInterval.dividedBy(2));
    }

    /** With the default instance id (host name and process id) and check-in interval. */
    public static Warehouse open(String jdbcUrl, String username, String password, String schema) throws SQLException {
        return open(jdbcUrl, username, password, schema, RunLedger.DEFAULT_INSTANCE, DEFAULT_CHECKIN_INTERVAL);
    }

    /**
     * Connects once to fail early; the password appears in no exception this throws.
     *
     * @param instanceId names this process in the runs it starts
     * @param checkinInterval how often this process proves its runs alive; a run silent for two intervals is lost
     */
    public static Warehouse open(String jdbcUrl, String username, String password, String schema, String instanceId,
                                 Duration checkinInterval) throws SQLException {
        Dialect dialect = Dialect.fromJdbcUrl(jdbcUrl);
        SqlFiles.validSchema(schema);
        Properties credentials = dialect.connectionDefaults();
        if (username != null && !username.isEmpty()) {
            credentials.setProperty("user", username);
        }
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        if (dialect == Dialect.DUCKDB) {
            createParentDirectory(jdbcUrl);
            Connection root = Secrets.connect(jdbcUrl, new Properties(), password);
            Warehouse warehouse = new Warehouse(dialect, schema, jdbcUrl, credentials, password, root.unwrap(DuckDBConnection.class),
                    instanceId, checkinInterval);
            try (Statement statement = root.createStatement()) {
                statement.execute(warehouse.sql.get("instance_settings"));
            } catch (SQLException e) {
                warehouse.close();
                throw e;
            }
            return warehouse;
        }
        Secrets.connect(jdbcUrl, credentials, password).close();
        return new Warehouse(dialect, schema, jdbcUrl, credentials, password, null, instanceId, checkinInterval);
    }

    public Dialect dialect() {
        return dialect;
    }

    public String schema() {
        return schema;
    }

    /** Idempotent; concurrent callers (threads here, processes on PostgreSQL) migrate one after the other. */
    public void migrate() throws SQLException {
        synchronized (migrateLock) {
            try (Connection connection = openConnection()) {
                new Migrator(dialect, schema, sql).migrate(connection);
            }
        }
    }

    /** The text of {@code sql/<dialect>/<name>.sql}, schema filled in, for callers outside this package that query the tables. */
    public String sql(String name) {
        return sql.get(name);
    }

    /**
     * On PostgreSQL a writer borrows a pooled connection for each write (validated before use, kept alive while
     * idle, replaced after a while), so a connection that an idle timeout or a restart killed between writes is
     * never the one a page is written on. On DuckDB, where nothing can cut a connection, it keeps its own.
     */
    public PageWriter newPageWriter() throws SQLException {
        if (duckDb != null) {
            DuckDbStager stager = new DuckDbStager(sql);
            return new PageWriter(() -> {
                Connection connection = duckDb.duplicate();
                connection.setAutoCommit(false);
                stager.prepare(connection);
                return connection;
            }, false, sql, stager, writeLock());
        }
        return new PageWriter(this::borrowWriterConnection, true, sql, new PgCopyStager(sql), writeLock());
    }

    public StateStore stateStore() {
        return new StateStore(this::borrowConnection, sql, writeLock());
    }

    public DeadLetterStore deadLetters() {
        return new DeadLetterStore(this::borrowConnection, sql, writeLock());
    }

    public BackfillStore backfillStore() {
        return new BackfillStore(this::borrowConnection, sql, writeLock());
    }

    public StreamLeases streamLeases() {
        return new StreamLeases(this::borrowConnection, sql, writeLock());
    }

    public WebhookEventStore webhookEvents() {
        return new WebhookEventStore(this::borrowConnection, sql, writeLock());
    }

    public StateControl stateControl() {
        return new StateControl(this::borrowConnection, sql, writeLock(), dialect);
    }

    public ReconcileStore reconcileStore() {
        return new ReconcileStore(this::borrowConnection, sql, writeLock(), stager());
    }

    /** The short-lived connections of the stores, for Camel's sql component (each statement commits on its own). */
    public javax.sql.DataSource dataSource() {
        return new WarehouseDataSource(this::borrowConnection);
    }

    public RunLedger runLedger() {
        return new RunLedger(this::borrowConnection, sql, writeLock(), this::checkpointAfterRun, heartbeat, instanceId);
    }

    /**
     * DuckDB: writes what the run put in the WAL into the database file (instance_settings.sql says why after a
     * run rather than every 16 MB). Best effort: DuckDB refuses while another write transaction is open (a
     * backfill's page beside the run), and then checkpoints by itself later, at the threshold or when the
     * database closes; any other refusal is worth a warning.
     */
    private void checkpointAfterRun() {
        if (duckDb == null) {
            return;
        }
        Lock lock = writeLock();
        lock.lock();
        try (Connection connection = duckDb.duplicate(); Statement statement = connection.createStatement()) {
            statement.execute(sql.get("checkpoint"));
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("other write transactions")) {
                LOG.debug("no checkpoint after the run: {}", e.getMessage());
            } else {
                LOG.warn("no checkpoint after the run (DuckDB checkpoints later by itself): {}", e.getMessage());
            }
        } finally {
            lock.unlock();
        }
    }

    /** A new connection whose default schema is the warehouse schema (on DuckDB it must exist: migrate first). */
    public Connection connect() throws SQLException {
        Connection connection = borrowConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql.get("set_default_schema"));
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() {
        heartbeat.close();
        synchronized (this) {
            if (pool != null) {
                pool.close();
            }
            if (writerPool != null) {
                writerPool.close();
            }
            if (schedulerPool != null) {
                schedulerPool.close();
            }
        }
        if (duckDb != null) {
            try {
                duckDb.close();
            } catch (SQLException ignored) {
                // closing an embedded database we own; nothing left to do with the error
            }
        }
    }

    /**
     * A connection for a short unit of work, closed by the caller: on PostgreSQL from a small pool, so the
     * ledger, state and dead-letter statements of a run do not each open a connection. Page writers keep
     * their own connection ({@link #openConnection}).
     */
    private Connection borrowConnection() throws SQLException {
        if (duckDb != null) {
            return duckDb.duplicate();
        }
        try {
            return pool().getConnection();
        } catch (SQLException e) {
            throw Secrets.scrubbed(e, password);
        }
    }

    private synchronized HikariDataSource pool() {
        if (pool == null) {
            pool = newPool("operator-sync-warehouse", 4);
        }
        return pool;
    }

    /** A page writer's connection: its session set up for page writes (PgCopyStager's staging table), in a transaction. */
    private Connection borrowWriterConnection() throws SQLException {
        HikariDataSource writers;
        synchronized (this) {
            if (writerPool == null) {
                HikariConfig config = poolConfig("operator-sync-writers", WRITER_CONNECTIONS);
                config.setAutoCommit(false);
                // Committed on its own, so that a page's rollback cannot drop the staging table with it.
                config.setIsolateInternalQueries(true);
                config.setConnectionInitSql(sql.get("writer_session") + ";\n" + sql.get("create_stage"));
                writerPool = new HikariDataSource(config);
            }
            writers = writerPool;
        }
        try {
            return writers.getConnection();
        } catch (SQLException e) {
            throw Secrets.scrubbed(e, password);
        }
    }

    /**
     * Connections for Quartz's clustered job store in a shared warehouse ({@link Dialect#shared()}): a pool of its
     * own, so a check-in never waits for a connection a run holds; a late check-in makes the other instances take
     * this one for dead. Closed with the warehouse.
     */
    public synchronized DataSource schedulerPool(int connections) {
        if (duckDb != null) {
            throw new IllegalStateException("a DuckDB warehouse is one process's: its schedule stays in memory");
        }
        if (schedulerPool == null) {
            schedulerPool = newPool("operator-sync-scheduler", connections);
        }
        return schedulerPool;
    }

    private HikariDataSource newPool(String name, int connections) {
        return new HikariDataSource(poolConfig(name, connections));
    }

    /**
     * Connections are checked before use when idle, pinged while idle (keepalive), and replaced after
     * {@code maxLifetime}, so neither a server restart nor a network idle timeout leaves a dead one in the pool;
     * a borrower waits at most {@code connectionTimeout} for one.
     */
    private HikariConfig poolConfig(String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setDataSourceProperties(credentials);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setIdleTimeout(Duration.ofMinutes(1).toMillis());
        config.setKeepaliveTime(Duration.ofSeconds(30).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(10).toMillis());
        config.setConnectionTimeout(Duration.ofSeconds(30).toMillis());
        config.setValidationTimeout(Duration.ofSeconds(5).toMillis());
        config.setInitializationFailTimeout(-1);
        // Named rather than learnt from the pool's first connection: when that one dies right after its login, HikariCP
        // would set an unknown level on every later connection, which the driver refuses (HikariCP #887, #1944).
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return config;
    }

    private Connection openConnection() throws SQLException {
        if (duckDb != null) {
            return duckDb.duplicate();
        }
        return Secrets.connect(jdbcUrl, credentials, password);
    }

    /** DuckDB creates the file but not its folder, and the default URL points into data/. */
    private static void createParentDirectory(String jdbcUrl) throws SQLException {
        String file = jdbcUrl.substring("jdbc:duckdb:".length()).split("\\?", 2)[0];
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("md:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new SQLException("cannot create the folder of the DuckDB file: " + parent, e);
        }
    }

    private Stager stager() {
        return dialect == Dialect.POSTGRESQL ? new PgCopyStager(sql) : new DuckDbStager(sql);
    }

    private Lock writeLock() {
        return dialect == Dialect.DUCKDB
                ? DUCKDB_WRITE_LOCKS.computeIfAbsent(jdbcUrl, url -> new ReentrantLock())
                : new ReentrantLock();
    }
}
