package dev.operatorsync.cli;

import dev.operatorsync.config.ConfigException;
import dev.operatorsync.ops.LoggingSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code operator-sync} command line: one subcommand per product command. */
@Command(name = "operator-sync", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Keeps a warehouse table of Operator conversations complete and fresh.")
public final class OperatorSync {
    private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, SyncCommand.class, BackfillCommand.class,
            ReconcileCommand.class, StateCommand.class, DeadLettersCommand.class, CheckCommand.class, SimulatorCommand.class, DemoCommand.class,
            BenchmarkCommand.class, WebhookBenchmarkCommand.class, CommandLine.HelpCommand.class);

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
        System.exit(commandLine(args).execute(args));
    }

    /** Every subcommand: for help, for a usage error, and for tests. */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * When {@code args} name a subcommand, only that one is built: picocli reads every command's annotations when it
     * is added, which took 0.4 s of each start for all of them. Anything else (no subcommand, an unknown one, help)
     * gets them all, so usage and errors list every command.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine line = new CommandLine(new OperatorSync());
        String named = args.length > 0 ? args[0] : null;
        boolean one = SUBCOMMANDS.stream().anyMatch(c -> !c.equals(CommandLine.HelpCommand.class) && nameOf(c).equals(named));
        for (Class<?> subcommand : SUBCOMMANDS) {
            if (!one || nameOf(subcommand).equals(named)) {
                line.addSubcommand(subcommand);
            }
        }
        // Set after the subcommands are added: picocli hands these settings only to the commands it already has.
        return line.setExecutionExceptionHandler(new ExitCodes()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /** config/logback.xml, when present, wins over the built-in logging set-up; it must be set before any logger exists. */
    private static void useLogbackConfigFromConfigFolder() {
        Path file = Path.of("config", "logback.xml");
        if (System.getProperty("logback.configurationFile") == null && Files.isRegularFile(file)) {
            System.setProperty("logback.configurationFile", file.toAbsolutePath().toString());
        }
    }
}
