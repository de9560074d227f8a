package io.jitp.exchange;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * The waits between attempts, given to SmallRye Fault Tolerance's retry as a custom backoff: exponential with
 * jitter, on two schedules. "Provisioning in progress" waits start at {@link ExchangePolicy#provisioningInitialDelay()}
 * and stay short (the credentials should follow provisioning closely); transient failures start at
 * {@link ExchangePolicy#transientInitialDelay()} and grow to {@link ExchangePolicy#transientMaxDelay()}, and honour
 * a {@code Retry-After} up to that maximum. One instance serves one exchange.
 */
final class ExchangeBackoff implements CustomBackoffStrategy {

    private final ExchangePolicy policy;
    private int provisioningWaits;
    private int transientWaits;

    ExchangeBackoff(ExchangePolicy policy) {
        this.policy = policy;
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        ExchangeFailure failure = unwrap(cause);
        if (failure != null && failure.failureClass() == FailureClass.PROVISIONING) {
            long base = exponential(policy.provisioningInitialDelay().toMillis(), provisioningWaits++,
                    policy.provisioningMaxDelay().toMillis());
            return jittered(base);
        }
        long max = policy.transientMaxDelay().toMillis();
        long base = exponential(policy.transientInitialDelay().toMillis(), transientWaits++, max);
        long delay = jittered(base);
        if (failure != null && failure.retryAfter() != null) {
            delay = Math.max(delay, Math.min(failure.retryAfter().toMillis(), max));
        }
        return delay;
    }

    /** {@code initial * 2^n}, at most {@code max}. */
    static long exponential(long initial, int n, long max) {
        if (n >= 30) {
            return max;
        }
        return Math.min(max, initial << n);
    }

    /** Keeps {@code 1 - jitter} of the wait and draws the rest at random. */
    private long jittered(long base) {
        long random = (long) (base * policy.jitter());
        long fixed = base - random;
        return fixed + (random == 0 ? 0 : ThreadLocalRandom.current().nextLong(random + 1));
    }

    static ExchangeFailure unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof ExchangeFailure failure ? failure : null;
    }
}
