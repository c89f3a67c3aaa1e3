package dev.operatorsync.ops;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.operatorsync.config.Redactor;
import java.nio.charset.StandardCharsets;

/**
 * The encoder of the one console appender: {@code plain} lines by the given pattern, or {@code json}, one
 * JSON object a line (logback's {@link JsonEncoder}: timestamp, level, thread, logger, MDC with the run id,
 * formatted message, throwable). One appender with a switchable encoder keeps logback from warning about
 * an unused appender at every start.
 */
public final class LogLineEncoder extends EncoderBase<ILoggingEvent> {
    private String format = "plain";
    private String pattern;
    private Encoder<ILoggingEvent> delegate;

    /** {@code plain} or {@code json}; a logback XML file passes {@code ${operator-sync.log-format:-plain}}. */
    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public void start() {
        if ("json".equalsIgnoreCase(format.trim())) {
            JsonEncoder json = new JsonEncoder();
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            delegate = json;
        } else {
            PatternLayoutEncoder plain = new PatternLayoutEncoder();
            plain.setPattern(pattern);
            delegate = plain;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    /** Every line goes through the {@link Redactor}, so a secret in a message or a stack trace prints masked. */
    @Override
    public byte[] encode(ILoggingEvent event) {
        return Redactor.redact(new String(delegate.encode(event), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
