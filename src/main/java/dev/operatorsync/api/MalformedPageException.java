package dev.operatorsync.api;

/** A 2xx response whose body is not the documented {@code {"data": [...], "cursor": ...}} page. */
public class MalformedPageException extends RuntimeException {
    public MalformedPageException(String message) {
        super(message);
    }

    public MalformedPageException(String message, Throwable cause) {
        super(message, cause);
    }
}
