package dev.operatorsync.simulator;

/** An error the API answers with, in its documented body shape. Messages never quote what the client sent. */
final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String parameter;

    ApiError(int status, String code, String message, String parameter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.parameter = parameter;
    }

    static ApiError badRequest(String code, String message, String parameter) {
        return new ApiError(400, code, message, parameter);
    }

    static ApiError invalidCursor(String message) {
        return badRequest("InvalidCursor", message, "cursor");
    }

    SimulatedResponse response() {
        String data = parameter == null ? "{}" : "{\"parameter\":\"" + parameter + "\"}";
        return SimulatedResponse.json(status, "{\"code\":\"" + code + "\",\"transient\":false,\"message\":\""
                + getMessage() + "\",\"data\":" + data + "}");
    }
}
