package io.jitp.emulator.fault;

/** How a request ended, as counted per surface and operation. */
public enum Outcome {
    /** Answered 2xx. */
    OK("ok"),
    /** Answered 4xx by the service's own rules (bad input, refused, not found). */
    CLIENT_ERROR("clientError"),
    /** Answered 5xx by a failure of the emulator itself. */
    SERVER_ERROR("serverError"),
    /** The connection was closed without an answer (a certificate's first JITP contact). */
    CONNECTION_CLOSED("connectionClosed"),
    /** Injected throttling. */
    INJECTED_THROTTLE("injectedThrottle"),
    /** Injected 500. */
    INJECTED_INTERNAL_ERROR("injectedInternalError"),
    /** Injected 503. */
    INJECTED_UNAVAILABLE("injectedUnavailable"),
    /** Injected connection reset. */
    INJECTED_RESET("injectedReset");

    private final String key;

    Outcome(String key) {
        this.key = key;
    }

    /** The name used in the admin endpoint's JSON. */
    public String key() {
        return key;
    }

    /** The outcome of an injected fault. */
    public static Outcome of(Fault.Kind kind) {
        return switch (kind) {
            case THROTTLE -> INJECTED_THROTTLE;
            case INTERNAL_ERROR -> INJECTED_INTERNAL_ERROR;
            case UNAVAILABLE -> INJECTED_UNAVAILABLE;
            case RESET -> INJECTED_RESET;
            case NONE -> OK;
        };
    }

    /** The outcome of an answered request with this HTTP status. */
    public static Outcome ofStatus(int status) {
        if (status < 400) {
            return OK;
        }
        return status < 500 ? CLIENT_ERROR : SERVER_ERROR;
    }
}
