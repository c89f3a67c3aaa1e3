package dev.operatorsync.cli;

import dev.operatorsync.config.ConfigException;
import dev.operatorsync.config.Redactor;
import dev.operatorsync.sync.FailureText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns what a command threw into the product's exit codes: 2 for configuration, 1 for everything else. */
final class ExitCodes implements IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ExitCodes.class);

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
        LOG.debug("the command failed", e);
        command.getErr().println(Redactor.redact("operator-sync failed: " + FailureText.of(e)));
        return OperatorSync.FAILED;
    }
}
