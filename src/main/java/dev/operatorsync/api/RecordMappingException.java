package dev.operatorsync.api;

/** A conversation object that cannot become a row; {@code conversationId} is null when the id itself is missing. */
public class RecordMappingException extends IllegalArgumentException {
    private final String conversationId;

    public RecordMappingException(String conversationId, String reason) {
        super(reason);
        this.conversationId = conversationId;
    }

    public String conversationId() {
        return conversationId;
    }
}
