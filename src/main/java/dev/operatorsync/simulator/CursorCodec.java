package dev.operatorsync.simulator;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Cursors are a keyset position (created_at and id of the last conversation served) plus the hash of the filters
 * they were issued for, with a checksum, in base64url. A keyset survives new arrivals and deletions, unlike an offset.
 */
final class CursorCodec {
    private static final int LENGTH = 3 * Long.BYTES + Integer.BYTES;

    record Position(long createdAt, long id, long filterHash) {
    }

    private CursorCodec() {
    }

    static String encode(Position p) {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH);
        buffer.putLong(p.createdAt()).putLong(p.id()).putLong(p.filterHash()).putInt(checksum(p));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    static Position decode(String cursor) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidCursor("The cursor is not one this API issued.");
        }
        if (bytes.length != LENGTH) throw ApiError.invalidCursor("The cursor is not one this API issued.");
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        Position p = new Position(buffer.getLong(), buffer.getLong(), buffer.getLong());
        if (buffer.getInt() != checksum(p)) throw ApiError.invalidCursor("The cursor is not one this API issued.");
        return p;
    }

    private static int checksum(Position p) {
        return (int) Ids.mix(Ids.mix(Ids.mix(p.createdAt()) ^ p.id()) ^ p.filterHash());
    }
}
