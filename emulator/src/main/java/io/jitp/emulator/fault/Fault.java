package io.jitp.emulator.fault;

/**
 * What fault injection decided for one request.
 *
 * @param kind the injected failure, or {@link Kind#NONE}
 * @param delayMillis how long to delay the request first (0 for none)
 */
public record Fault(Kind kind, long delayMillis) {

    /** The injected failures. */
    public enum Kind {
        /** Serve normally. */
        NONE,
        /** Answer with the surface's throttling error. */
        THROTTLE,
        /** Answer 500. */
        INTERNAL_ERROR,
        /** Answer 503. */
        UNAVAILABLE,
        /** Reset the connection without answering. */
        RESET
    }
}
