package dev.operatorsync.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * One status line kept at the bottom of a terminal. The log writes to standard error on the same screen; each
 * line it writes first erases the bar and then has it drawn again below, so the two never share a line. Logback's
 * console appender looks {@code System.err} up at every write, which is what lets this stand in for it.
 */
final class TerminalBar implements AutoCloseable {
    /** Carriage return, then erase to the end of the line. */
    static final String ERASE = "\r\u001b[K";

    private final PrintStream out;
    private final PrintStream err;
    private String bar;
    private boolean errAtLineStart = true;

    TerminalBar(PrintStream out) {
        this.out = out;
        this.err = System.err;
        System.setErr(new PrintStream(new LinesAbove(), true));
    }

    synchronized void draw(String text) {
        bar = text;
        out.print(ERASE + text);
        out.flush();
    }

    /** Draws {@code last} for good, ends its line, and gives standard error back. */
    synchronized void finish(String last) {
        System.setErr(err);
        out.println(ERASE + last);
        out.flush();
        bar = null;
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            finish(bar);
        }
    }

    private synchronized void writeAbove(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (errAtLineStart && bar != null) {
            out.print(ERASE);
            out.flush();
        }
        err.write(bytes, offset, length);
        err.flush();
        errAtLineStart = bytes[offset + length - 1] == '\n';
        if (errAtLineStart && bar != null) {
            out.print(bar);
            out.flush();
        }
    }

    private final class LinesAbove extends OutputStream {
        @Override
        public void write(int b) {
            writeAbove(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            writeAbove(bytes, offset, length);
        }
    }
}
