package io.jitp.exchange;

import java.time.Duration;

/**
 * One call to the credentials provider within an exchange, for timelines ("first JITP attempt absorbed in 12 ms").
 *
 * @param number 1 for the first attempt
 * @param startedAfter when it started, counted from the start of the exchange
 * @param took how long it took
 * @param outcome what happened, e.g. {@code 200}, {@code 429 Rate exceeded}, {@code connection closed}
 * @param failureClass how the failure was handled, {@code null} for a success
 */
public record Attempt(int number, Duration startedAfter, Duration took, String outcome, FailureClass failureClass) {

    /** One line, e.g. {@code attempt 1 at +0 ms: connection closed without an answer (12 ms) → provisioning}. */
    public String describe() {
        return "attempt " + number + " at +" + startedAfter.toMillis() + " ms: " + outcome + " (" + took.toMillis()
                + " ms)" + (failureClass == null ? "" : ", " + failureClass.name().toLowerCase(java.util.Locale.ROOT));
    }
}
