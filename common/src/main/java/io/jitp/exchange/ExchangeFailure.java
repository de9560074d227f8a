package io.jitp.exchange;

import java.time.Duration;
import java.util.List;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

/**
 * A failed exchange or attempt: how it is handled ({@link #failureClass()}), which check failed, what the
 * endpoint said and how to fix it. The message holds no secret: AWS error messages, names and certificate ids
 * only.
 */
public final class ExchangeFailure extends JitpException {

    private static final long serialVersionUID = 1L;

    private final FailureClass failureClass;
    private final Check check;
    private final int status;
    private final String upstreamMessage;
    private final transient Duration retryAfter;
    private final transient List<Attempt> attempts;

    /**
     * @param reason the reason (HTTP status in the broker, exit code in the CLI)
     * @param failureClass how the failure is handled
     * @param check which check failed
     * @param status the HTTP status of the endpoint's answer, 0 when there was none
     * @param upstreamMessage the endpoint's message, or {@code null}
     * @param message what went wrong, safe to show
     * @param fix what to do about it
     * @param retryAfter the endpoint's {@code Retry-After}, or {@code null}
     * @param attempts the attempts of the exchange so far (empty for a single attempt's failure)
     * @param cause the internal cause, for the logs
     */
    public ExchangeFailure(Reason reason, FailureClass failureClass, Check check, int status, String upstreamMessage,
            String message, String fix, Duration retryAfter, List<Attempt> attempts, Throwable cause) {
        super(reason, message, field(check), fix, null, cause);
        this.failureClass = failureClass;
        this.check = check;
        this.status = status;
        this.upstreamMessage = upstreamMessage;
        this.retryAfter = retryAfter;
        this.attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** How the failure is handled. */
    public FailureClass failureClass() {
        return failureClass;
    }

    /** Whether it may be retried. */
    public boolean retryable() {
        return failureClass != FailureClass.FINAL;
    }

    /** Which check failed. */
    public Check check() {
        return check;
    }

    /** The HTTP status of the endpoint's answer, 0 when there was none (closed, reset, TLS, timeout). */
    public int status() {
        return status;
    }

    /** The endpoint's own message, or {@code null}. */
    public String upstreamMessage() {
        return upstreamMessage;
    }

    /** The endpoint's {@code Retry-After}, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Every attempt of the exchange that ended with this failure. */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** The same failure as the final outcome of an exchange: a class, a message, its attempts. */
    ExchangeFailure asFinal(Reason newReason, String newMessage, String newFix, List<Attempt> all) {
        ExchangeFailure copy = new ExchangeFailure(newReason, FailureClass.FINAL, check, status, upstreamMessage,
                newMessage, newFix, retryAfter, all, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    private static String field(Check check) {
        return switch (check) {
            case CERTIFICATE, CLIENT_CERTIFICATE, PROVISIONING -> "certificate";
            case THING -> "thingName";
            case POLICY, ROLE_ALIAS, ROLE, DURATION -> "roleAlias";
            case TRUST -> "caBundle";
            case SERVER_NAME, ENDPOINT -> "endpoint";
            default -> null;
        };
    }
}
