package dev.operatorsync.config;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** A pattern encoder whose every line, stack traces included, goes through the {@link Redactor}. */
public final class RedactingEncoder extends PatternLayoutEncoder {
    @Override
    public byte[] encode(ILoggingEvent event) {
        Charset charset = getCharset() == null ? StandardCharsets.UTF_8 : getCharset();
        return Redactor.redact(getLayout().doLayout(event)).getBytes(charset);
    }
}
