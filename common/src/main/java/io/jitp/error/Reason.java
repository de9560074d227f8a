package io.jitp.error;

/**
 * Why an operation was refused or failed. The reason, decided where the failure is detected, fixes the HTTP
 * status of the broker's problem response and the exit code of the CLI.
 */
public enum Reason {
    /** Malformed or invalid input: unparsable PEM, a bad CSR signature, a wrong field value. */
    INVALID_INPUT(400, "invalid-input", 1),
    /** No credentials, or credentials that are not valid. */
    UNAUTHENTICATED(401, "unauthenticated", 1),
    /** Valid input refused by a policy, a role or a template rule. */
    FORBIDDEN(403, "forbidden", 1),
    /** The named resource does not exist. */
    NOT_FOUND(404, "not-found", 1),
    /** The request conflicts with the current state (already exists, wrong state, in use). */
    CONFLICT(409, "conflict", 1),
    /** The request body is larger than allowed. */
    TOO_LARGE(413, "too-large", 1),
    /** Too many requests: the caller should retry after a while. */
    TOO_MANY_REQUESTS(429, "too-many-requests", 1),
    /** An upstream service (AWS IoT, the credentials provider, STS) failed or refused. */
    UPSTREAM(502, "upstream", 1),
    /** An upstream service is unavailable or timed out; retrying later may succeed. */
    UNAVAILABLE(503, "unavailable", 1),
    /** A failure of jitp itself; details are in the logs, never in the message. */
    INTERNAL(500, "internal", 1);

    private final int httpStatus;
    private final String slug;
    private final int exitCode;

    Reason(int httpStatus, String slug, int exitCode) {
        this.httpStatus = httpStatus;
        this.slug = slug;
        this.exitCode = exitCode;
    }

    /** HTTP status of the broker's problem response. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Last path segment of the problem {@code type} URI, e.g. {@code https://jitp.io/problems/not-found}. */
    public String slug() {
        return slug;
    }

    /** Exit code of the CLI when a command ends with this reason. */
    public int exitCode() {
        return exitCode;
    }
}
