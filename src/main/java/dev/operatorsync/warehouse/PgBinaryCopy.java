package dev.operatorsync.warehouse;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;

/**
 * Encodes rows in PostgreSQL's binary COPY format, in the column order of create_stage.sql:
 * a header, per row an int16 field count then per field an int32 length (-1 = null) and its bytes,
 * and an int16 -1 trailer.
 */
final class PgBinaryCopy {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final short FIELDS = 26;
    /** timestamptz travels as microseconds since 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    private final DataOutputStream out = new DataOutputStream(bytes);

    private PgBinaryCopy() {
    }

    static byte[] encode(Collection<ConversationRow> rows) {
        PgBinaryCopy copy = new PgBinaryCopy();
        try {
            copy.out.write(SIGNATURE);
            copy.out.writeInt(0); // flags
            copy.out.writeInt(0); // header extension length
            for (ConversationRow row : rows) {
                copy.row(row);
            }
            copy.out.writeShort(-1);
            copy.out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return copy.bytes.toByteArray();
    }

    private void row(ConversationRow r) throws IOException {
        out.writeShort(FIELDS);
        text(r.id());
        text(r.operatorId());
        text(r.agentId());
        text(r.customerId());
        bool(r.livemode());
        text(r.direction());
        text(r.status());
        text(r.channelType());
        text(r.phoneNo());
        timestamptz(r.createdAt());
        timestamptz(r.startedAt());
        timestamptz(r.completedAt());
        timestamptz(r.postprocessedAt());
        bool(r.postprocessed());
        bool(r.transferred());
        float8(r.durationSec());
        text(r.sentiment());
        text(r.failureReason());
        text(r.zendeskTicketId());
        text(r.summary());
        text(r.scenariosJson());
        text(r.customFieldsJson());
        text(r.rawJson());
        text(r.apiVersion());
        text(r.payloadHash());
        timestamptz(r.observedAt());
    }

    private void text(String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private void bool(Boolean value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(1);
        out.writeByte(value ? 1 : 0);
    }

    private void float8(Double value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(8);
        out.writeDouble(value);
    }

    private void timestamptz(Instant value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(8);
        long seconds = value.getEpochSecond() - POSTGRES_EPOCH_SECONDS;
        out.writeLong(Math.addExact(Math.multiplyExact(seconds, 1_000_000L), value.getNano() / 1_000));
    }
}
