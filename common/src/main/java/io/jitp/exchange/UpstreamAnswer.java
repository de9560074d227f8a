package io.jitp.exchange;

import java.time.Duration;

/**
 * One HTTP answer of the credentials provider. {@link #toString()} leaves the body out: a 200 body holds a secret.
 *
 * @param status the HTTP status
 * @param errorType the {@code x-amzn-ErrorType} header up to its first {@code :}, or {@code null}
 * @param message the body's {@code message} member, or {@code null}
 * @param body the body text
 * @param retryAfter the {@code Retry-After} header as a duration, or {@code null}
 */
public record UpstreamAnswer(int status, String errorType, String message, String body, Duration retryAfter) {

    /** A short description for logs and attempt timelines, e.g. {@code 403 Access Denied}. */
    public String summary() {
        return status + (message == null || message.isBlank() ? "" : " " + message);
    }

    @Override
    public String toString() {
        return "UpstreamAnswer[" + summary() + (errorType == null ? "" : ", errorType=" + errorType) + "]";
    }
}
