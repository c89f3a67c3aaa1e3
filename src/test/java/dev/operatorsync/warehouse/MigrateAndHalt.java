package dev.operatorsync.warehouse;

/** A child process for {@link DuckDbCrashRecoveryTest}: migrates a DuckDB file, starts a run, then dies at once. */
public final class MigrateAndHalt {
    private MigrateAndHalt() {
    }

    public static void main(String[] args) throws Exception {
        Warehouse warehouse = Warehouse.open(args[0], null, null, "operator_sync");
        warehouse.migrate();
        warehouse.runLedger().start("sync", null, java.time.Instant.now());
        Runtime.getRuntime().halt(137);
    }
}
