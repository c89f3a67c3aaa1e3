package dev.operatorsync.cli;

import dev.operatorsync.config.ConfigException;
import dev.operatorsync.ops.LoggingSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code operator-sync} command line: one subcommand per product command. */
@Command(name = "operator-sync", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Keeps a warehouse table of Operator conversations complete and fresh.",
        subcommands = {RunCommand.class, SyncCommand.class, BackfillCommand.class, StateCommand.class, DeadLettersCommand.class,
                CheckCommand.class, SimulatorCommand.class, DemoCommand.class, BenchmarkCommand.class,
                CommandLine.HelpCommand.class})
public final class OperatorSync {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_CONFIGURATION = 2;
    public static final int DEAD_LETTERED = 3;

    public static void main(String[] args) {
        try {
            LoggingSetup.selectFormat(args);
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(BAD_CONFIGURATION);
        }
        useLogbackConfigFromConfigFolder();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new OperatorSync())
                .setExecutionExceptionHandler(new ExitCodes())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** config/logback.xml, when present, wins over the built-in logging set-up; it must be set before any logger exists. */
    private static void useLogbackConfigFromConfigFolder() {
        Path file = Path.of("config", "logback.xml");
        if (System.getProperty("logback.configurationFile") == null && Files.isRegularFile(file)) {
            System.setProperty("logback.configurationFile", file.toAbsolutePath().toString());
        }
    }
}
