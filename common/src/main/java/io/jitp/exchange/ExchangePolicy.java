package io.jitp.exchange;

import java.time.Duration;

import io.jitp.error.JitpException;

/**
 * The numbers of the exchange: how long a new certificate may take to be provisioned, how retries back off, how
 * long credentials stay cached. Every default has its reason beside it.
 *
 * @param provisioningWindow how long after its first attempt a certificate that never got credentials may keep
 *     failing with a closed connection or a 403 before the failure counts as final. 30 s: AWS finishes JITP in
 *     a few seconds (reference 5.5); ten times that covers a slow account without hiding a broken template
 *     for minutes, as Greengrass' two-minute 4xx cache does.
 * @param provisioningInitialDelay first wait after a "provisioning in progress" answer. 100 ms: JITP has just
 *     started; the next waits double up to {@code provisioningMaxDelay}.
 * @param provisioningMaxDelay longest wait between two attempts while provisioning. 250 ms: credentials arrive at
 *     most this long (plus jitter) after provisioning ends, the "delay + 300 ms" target, at a cost of about
 *     four calls per second per new device, and only during its first seconds.
 * @param transientInitialDelay first wait after a throttle (429), a 500/503, a timeout or a reset of a known
 *     certificate. 200 ms, doubling: the SDKs' standard retry mode starts in the same range.
 * @param transientMaxDelay longest wait between two attempts after transient failures. 5 s: long enough to relieve
 *     a throttled account, short enough for a device at boot.
 * @param jitter the fraction of each wait that is random (0–1). 0.5: half the wait is random, so a fleet that
 *     failed together does not retry together.
 * @param retryBudget how long one exchange may keep retrying before it fails. 60 s: the provisioning window plus
 *     room for transient failures; an AWS SDK calling {@code credential_process} waits for it.
 * @param maxAttempts the most attempts of one exchange. 64: never reached within the budget at these delays
 *     (the budget binds); a guard against a misconfigured policy.
 * @param attemptTimeout how long one attempt may wait for its answer. 10 s: the endpoint answers in well under a
 *     second; a hung connection must not eat the whole budget.
 * @param connectTimeout how long a TCP connect may take. 5 s.
 * @param refreshMargin credentials are refreshed (not served from cache) once less than this is left. 5 min: the
 *     margin AWS SDKs and aws_signing_helper use, so a cached answer is never one a client rejects as stale.
 */
public record ExchangePolicy(Duration provisioningWindow, Duration provisioningInitialDelay,
        Duration provisioningMaxDelay, Duration transientInitialDelay, Duration transientMaxDelay, double jitter,
        Duration retryBudget, int maxAttempts, Duration attemptTimeout, Duration connectTimeout,
        Duration refreshMargin) {

    /** The defaults described above. */
    public static final ExchangePolicy DEFAULTS = new ExchangePolicy(Duration.ofSeconds(30), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(200), Duration.ofSeconds(5), 0.5, Duration.ofSeconds(60), 64,
            Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(5));

    /** Checks the numbers. */
    public ExchangePolicy {
        positive(provisioningWindow, "provisioningWindow");
        positive(provisioningInitialDelay, "provisioningInitialDelay");
        positive(provisioningMaxDelay, "provisioningMaxDelay");
        positive(transientInitialDelay, "transientInitialDelay");
        positive(transientMaxDelay, "transientMaxDelay");
        positive(retryBudget, "retryBudget");
        positive(attemptTimeout, "attemptTimeout");
        positive(connectTimeout, "connectTimeout");
        if (refreshMargin == null || refreshMargin.isNegative()) {
            throw JitpException.invalid("refreshMargin", "the refresh margin must be zero or positive",
                    "give a duration such as 5m");
        }
        if (jitter < 0 || jitter > 1) {
            throw JitpException.invalid("jitter", "the jitter is a fraction between 0 and 1", "give e.g. 0.5");
        }
        if (maxAttempts < 1) {
            throw JitpException.invalid("maxAttempts", "at least one attempt is needed", "give 1 or more");
        }
    }

    /** The same policy with another refresh margin. */
    public ExchangePolicy withRefreshMargin(Duration value) {
        return new ExchangePolicy(provisioningWindow, provisioningInitialDelay, provisioningMaxDelay,
                transientInitialDelay, transientMaxDelay, jitter, retryBudget, maxAttempts, attemptTimeout,
                connectTimeout, value);
    }

    /** The same policy with another provisioning window. */
    public ExchangePolicy withProvisioningWindow(Duration value) {
        return new ExchangePolicy(value, provisioningInitialDelay, provisioningMaxDelay, transientInitialDelay,
                transientMaxDelay, jitter, retryBudget, maxAttempts, attemptTimeout, connectTimeout, refreshMargin);
    }

    /** The same policy with another retry budget. */
    public ExchangePolicy withRetryBudget(Duration value) {
        return new ExchangePolicy(provisioningWindow, provisioningInitialDelay, provisioningMaxDelay,
                transientInitialDelay, transientMaxDelay, jitter, value, maxAttempts, attemptTimeout, connectTimeout,
                refreshMargin);
    }

    /** The same policy with other transient delays. */
    public ExchangePolicy withTransientDelays(Duration initial, Duration max) {
        return new ExchangePolicy(provisioningWindow, provisioningInitialDelay, provisioningMaxDelay, initial, max,
                jitter, retryBudget, maxAttempts, attemptTimeout, connectTimeout, refreshMargin);
    }

    private static void positive(Duration value, String field) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw JitpException.invalid(field, field + " must be a positive duration", "give e.g. 250ms or 30s");
        }
    }
}
