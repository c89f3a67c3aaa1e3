package dev.operatorsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A terminal shows standard output and standard error on one screen: a log line never lands on the bar's line. */
class TerminalBarTest {
    @Test
    void a_log_line_erases_the_bar_prints_above_it_and_the_bar_is_drawn_again_below() {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(screen, true, StandardCharsets.UTF_8);
        PrintStream err = System.err;
        System.setErr(terminal);
        try (TerminalBar bar = new TerminalBar(terminal)) {
            bar.draw("[##--] 1/2");
            System.err.print("WARN a retry");
            System.err.println(", attempt 2");
            bar.draw("[####] 2/2");
            bar.finish("[####] 2/2 done");
            assertSame(terminal, System.err, "standard error is given back");
        } finally {
            System.setErr(err);
        }
        String e = TerminalBar.ERASE;
        assertEquals(e + "[##--] 1/2" + e + "WARN a retry, attempt 2\n" + "[##--] 1/2" + e + "[####] 2/2" + e + "[####] 2/2 done\n",
                screen.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
