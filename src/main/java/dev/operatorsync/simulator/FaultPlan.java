package dev.operatorsync.simulator;

import java.util.Optional;

/** Decides, before a request is served, whether to answer it with something else (an error, a delay's result ...). */
@FunctionalInterface
public interface FaultPlan {
    FaultPlan NONE = (request, requestNumber) -> Optional.empty();

    /**
     * Called for every request, after it is recorded and before it is served.
     *
     * @param requestNumber 1 for the first request the simulator received
     * @return a response to serve as is instead of the normal one, or empty to serve normally
     */
    Optional<SimulatedResponse> intercept(RecordedRequest request, long requestNumber);

    /** Called with the normal response of a request {@link #intercept} let through; may spoil it (a bad record, a slow or cut answer). */
    default SimulatedResponse alter(RecordedRequest request, long requestNumber, SimulatedResponse served) {
        return served;
    }
}
