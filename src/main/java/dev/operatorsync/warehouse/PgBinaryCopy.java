package dev.operatorsync.warehouse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;

/**
 * Encodes rows in PostgreSQL's binary COPY format: a header, per row an int16 field count then per field an
 * int32 length (-1 = null) and its bytes, and an int16 -1 trailer. Two layouts: the staging table's columns
 * (create_stage.sql, JSON as text) and the conversations table's (copy_new_conversations.sql, JSON typed, plus
 * {@code _run_id}).
 */
final class PgBinaryCopy {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final short STAGE_FIELDS = 26;
    /** timestamptz travels as microseconds since 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
    /** The binary form of jsonb is a format version byte, then the JSON text. */
    private static final int JSONB_VERSION = 1;

    private static final int BUFFER_BYTES = 64 * 1024;

    /** Encoded bytes wait here and go to {@code target} in large writes; unsynchronised, unlike the JDK's streams. */
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private final OutputStream target;

    private PgBinaryCopy(OutputStream target) {
        this.target = target;
    }

    /** For copy_stage.sql. */
    static void writeStage(ArrayList<ConversationRow> rows, OutputStream target) throws IOException {
        new PgBinaryCopy(target).write(rows, null);
    }

    /** For copy_new_conversations.sql: the rows of run {@code runId}. */
    static void writeConversations(ArrayList<ConversationRow> rows, long runId, OutputStream target) throws IOException {
        new PgBinaryCopy(target).write(rows, runId);
    }

    /*
     * An ArrayList by index, whatever collection the page's rows came in: with a tree map's values on one page and
     * a list on the next, the JIT's loop predicates on the iterator failed again and again (profile_predicate
     * deoptimizations) and this loop, with the row encoding inlined, was compiled four times per sync.
     */
    private void write(ArrayList<ConversationRow> rows, Long runId) throws IOException {
        bytes(SIGNATURE);
        int32(0); // flags
        int32(0); // header extension length
        for (int i = 0; i < rows.size(); i++) {
            row(rows.get(i), runId);
        }
        int16(-1);
        flush();
    }

    private void row(ConversationRow r, Long runId) throws IOException {
        boolean typed = runId != null;
        int16(typed ? STAGE_FIELDS + 1 : STAGE_FIELDS);
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
        json(r.scenariosJson(), typed);
        json(r.customFieldsJson(), typed);
        text(r.rawJson()); // json's binary form is its text
        text(r.apiVersion());
        text(r.payloadHash());
        timestamptz(r.observedAt());
        if (typed) {
            int32(8);
            int64(runId);
        }
    }

    private void json(String value, boolean asJsonb) throws IOException {
        if (value == null || !asJsonb) {
            text(value);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int32(utf8.length + 1);
        room(1);
        buffer[position++] = JSONB_VERSION;
        bytes(utf8);
    }

    private void text(String value) throws IOException {
        if (value == null) {
            int32(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int32(utf8.length);
        bytes(utf8);
    }

    private void bool(Boolean value) throws IOException {
        if (value == null) {
            int32(-1);
            return;
        }
        int32(1);
        room(1);
        buffer[position++] = (byte) (value ? 1 : 0);
    }

    private void float8(Double value) throws IOException {
        if (value == null) {
            int32(-1);
            return;
        }
        int32(8);
        int64(Double.doubleToLongBits(value));
    }

    private void timestamptz(Instant value) throws IOException {
        if (value == null) {
            int32(-1);
            return;
        }
        int32(8);
        long seconds = value.getEpochSecond() - POSTGRES_EPOCH_SECONDS;
        int64(Math.addExact(Math.multiplyExact(seconds, 1_000_000L), value.getNano() / 1_000));
    }

    private void int16(int value) throws IOException {
        room(2);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void int32(int value) throws IOException {
        room(4);
        buffer[position++] = (byte) (value >>> 24);
        buffer[position++] = (byte) (value >>> 16);
        buffer[position++] = (byte) (value >>> 8);
        buffer[position++] = (byte) value;
    }

    private void int64(long value) throws IOException {
        int32((int) (value >>> 32));
        int32((int) value);
    }

    private void bytes(byte[] value) throws IOException {
        if (value.length > buffer.length) {
            flush();
            target.write(value, 0, value.length);
            return;
        }
        room(value.length);
        System.arraycopy(value, 0, buffer, position, value.length);
        position += value.length;
    }

    private void room(int length) throws IOException {
        if (position + length > buffer.length) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (position > 0) {
            target.write(buffer, 0, position);
            position = 0;
        }
    }
}
