package dev.operatorsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorSyncTest {
    private static final Set<String> ALL = Set.of("run", "sync", "backfill", "reconcile", "state", "dead-letters", "check", "simulator",
            "demo", "benchmark", "benchmark-webhooks", "help");

    @Test
    void a_named_command_is_the_only_one_built() {
        assertEquals(Set.of("sync"), OperatorSync.commandLine(new String[] {"sync", "--config", "x"}).getSubcommands().keySet());
        assertEquals(Set.of("dead-letters"), OperatorSync.commandLine(new String[] {"dead-letters", "list"}).getSubcommands().keySet());
    }

    @Test
    void help_no_command_or_an_unknown_one_gets_every_command_so_usage_lists_them_all() {
        assertEquals(ALL, OperatorSync.commandLine(new String[] {"help", "sync"}).getSubcommands().keySet());
        assertEquals(ALL, OperatorSync.commandLine(new String[0]).getSubcommands().keySet());
        assertEquals(ALL, OperatorSync.commandLine(new String[] {"--help"}).getSubcommands().keySet());
        assertEquals(ALL, OperatorSync.commandLine(new String[] {"snyc"}).getSubcommands().keySet());
    }

    @Test
    void settings_reach_a_command_built_alone() {
        var line = OperatorSync.commandLine(new String[] {"state", "show"});
        assertEquals(true, line.getSubcommands().get("state").isCaseInsensitiveEnumValuesAllowed());
        assertEquals(ExitCodes.class, line.getSubcommands().get("state").getExecutionExceptionHandler().getClass());
    }
}
