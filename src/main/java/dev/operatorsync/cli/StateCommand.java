package dev.operatorsync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

@Command(name = "state", mixinStandardHelpOptions = true,
        description = "Inspect (`state show`) or rewind (`state reset`) the incremental sync's watermarks.",
        subcommands = {StateShowCommand.class, StateResetCommand.class})
final class StateCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("state: say `state show` or `state reset` (see state --help)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return OperatorSync.BAD_CONFIGURATION;
    }
}
