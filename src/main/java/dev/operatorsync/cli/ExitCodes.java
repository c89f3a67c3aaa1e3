package dev.operatorsync.cli;

import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.Redactor;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns what a command threw into the product's exit codes: 2 for configuration, 1 for everything else. */
final class ExitCodes implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof ConfigException)) {
            cause = cause.getCause();
        }
        if (cause != null) {
            command.getErr().println(Redactor.redact("configuration error: " + cause.getMessage()));
            return OperatorSync.BAD_CONFIGURATION;
        }
        command.getErr().println(Redactor.redact("operator-sync failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
        return OperatorSync.FAILED;
    }
}
