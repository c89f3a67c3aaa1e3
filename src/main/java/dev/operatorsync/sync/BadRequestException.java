package dev.operatorsync.sync;

/** A backfill or state request that cannot be carried out as asked; the message says what is expected. Exit 2, HTTP 400. */
public final class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
