package dev.operatorsync.api;

/** A conversation object of a page that could not be mapped to a row, kept whole for the dead-letter table. */
public record RejectedRecord(String conversationId, String reason, String rawJson) {
}
