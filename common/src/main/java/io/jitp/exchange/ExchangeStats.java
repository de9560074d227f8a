package io.jitp.exchange;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of one {@link CredentialsExchange}, for metrics and tests. Thread-safe. */
public final class ExchangeStats {

    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong joined = new AtomicLong();
    private final AtomicLong exchanges = new AtomicLong();
    private final AtomicLong upstreamCalls = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final Map<FailureClass, AtomicLong> failedAttempts = new EnumMap<>(FailureClass.class);
    private final AtomicLong failed = new AtomicLong();

    ExchangeStats() {
        for (FailureClass value : FailureClass.values()) {
            failedAttempts.put(value, new AtomicLong());
        }
    }

    void cacheHit() {
        cacheHits.incrementAndGet();
    }

    void join() {
        joined.incrementAndGet();
    }

    void exchangeStarted() {
        exchanges.incrementAndGet();
    }

    void upstreamCall() {
        upstreamCalls.incrementAndGet();
    }

    void attemptFailed(FailureClass value) {
        failedAttempts.get(value).incrementAndGet();
    }

    void finished(boolean success) {
        (success ? succeeded : failed).incrementAndGet();
    }

    /** Requests answered from the cache. */
    public long cacheHits() {
        return cacheHits.get();
    }

    /** Requests that joined an exchange already in flight for the same key (single flight). */
    public long joined() {
        return joined.get();
    }

    /** Exchanges started (each one or more upstream calls). */
    public long exchanges() {
        return exchanges.get();
    }

    /** Calls that went to the credentials endpoint. */
    public long upstreamCalls() {
        return upstreamCalls.get();
    }

    /** Exchanges that ended with credentials. */
    public long succeeded() {
        return succeeded.get();
    }

    /** Exchanges that ended with a failure. */
    public long failed() {
        return failed.get();
    }

    /** Failed upstream calls of a class. */
    public long failedAttempts(FailureClass value) {
        return failedAttempts.get(value).get();
    }
}
