package io.jitp.broker.exchange;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.jitp.error.Reason;
import io.jitp.exchange.Check;
import io.jitp.exchange.CredentialsTransport;
import io.jitp.exchange.ExchangeFailure;
import io.jitp.exchange.ExchangeRequest;
import io.jitp.exchange.FailureClass;
import io.jitp.exchange.UpstreamAnswer;
import io.smallrye.faulttolerance.api.RateLimitException;

/**
 * The transport the broker's {@code CredentialsExchange} calls for each attempt: every call passes the
 * {@link UpstreamGate} (fleet-wide rate, concurrency and queue, circuit breaker), is counted, and the gate's refusals
 * become {@link ExchangeFailure}s: a full queue is final at once (429 with {@code Retry-After}), as is an open
 * breaker (503 with {@code Retry-After}); a call that found no room in the rate limit within the queue timeout is
 * transient, so the exchange backs off and tries again within its retry budget, and answers 429 if it never finds
 * room.
 */
final class GuardedTransport implements CredentialsTransport {

    private final UpstreamGate gate;
    private final ExchangeMetrics metrics;
    private final int callsPerSecond;
    private final int queueSize;
    private final AtomicInteger waiting = new AtomicInteger();

    GuardedTransport(UpstreamGate gate, ExchangeMetrics metrics, int callsPerSecond, int queueSize) {
        this.gate = gate;
        this.metrics = metrics;
        this.callsPerSecond = callsPerSecond;
        this.queueSize = queueSize;
    }

    @Override
    public CompletionStage<UpstreamAnswer> send(ExchangeRequest request, Duration timeout) {
        Waiting wait = new Waiting();
        waiting.incrementAndGet();
        CompletionStage<UpstreamAnswer> call;
        try {
            call = gate.send(request, timeout, wait);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((answer, error) -> {
            wait.admitted();
            if (error == null) {
                metrics.upstreamCall(String.valueOf(answer.status()));
                return answer;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof UpstreamFault fault) {
                metrics.upstreamCall(String.valueOf(fault.answer().status()));
                return fault.answer();
            }
            throw new CompletionException(refusal(cause));
        });
    }

    /** Upstream calls waiting for the rate limit or a free slot now. */
    int waiting() {
        return waiting.get();
    }

    @Override
    public void close() {
        gate.close();
    }

    private Throwable refusal(Throwable cause) {
        if (cause instanceof BulkheadException) {
            metrics.refused("queue-full");
            return new ExchangeFailure(Reason.TOO_MANY_REQUESTS, FailureClass.FINAL, Check.THROTTLING, 0, null,
                    "the broker's queue of calls to the credentials provider is full (" + queueSize + " waiting)",
                    "retry after the Retry-After delay; raise jitp.exchange.queue-size or "
                            + "jitp.exchange.max-concurrent-calls if this is a normal peak",
                    Duration.ofSeconds(1), null, null);
        }
        if (cause instanceof RateLimitException) {
            metrics.refused("rate-limit");
            // Transient: the exchange backs off and tries again within its retry budget; no call reached AWS.
            return new ExchangeFailure(Reason.TOO_MANY_REQUESTS, FailureClass.TRANSIENT, Check.THROTTLING, 0, null,
                    "the fleet-wide limit of " + callsPerSecond + " calls per second to the credentials provider "
                            + "left no room in time",
                    "retry after the Retry-After delay; raise jitp.exchange.calls-per-second only up to the "
                            + "account's credentials-provider quota",
                    Duration.ofSeconds(2), null, null);
        }
        if (cause instanceof CircuitBreakerOpenException) {
            metrics.refused("circuit-open");
            return new ExchangeFailure(Reason.UNAVAILABLE, FailureClass.FINAL, Check.UPSTREAM, 0, null,
                    "the credentials provider failed or throttled most recent calls; the broker pauses calls to it",
                    "retry after the Retry-After delay; check the AWS Health Dashboard for AWS IoT Core",
                    Duration.ofSeconds(5), null, null);
        }
        if (cause instanceof TimeoutException) {
            metrics.upstreamCall("timeout");
            return new ExchangeFailure(Reason.UNAVAILABLE, FailureClass.TRANSIENT, Check.UPSTREAM, 0, null,
                    "the call to the credentials provider did not complete in time (queue and answer)",
                    "check the network path to the endpoint; raise jitp.exchange.call-timeout-seconds", null, null,
                    cause);
        }
        metrics.upstreamCall("no-answer");
        return cause;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** One call's stay in the queue: left when admitted or refused, whichever comes first. */
    private final class Waiting implements UpstreamGate.Admission {
        private final AtomicBoolean left = new AtomicBoolean();

        @Override
        public void admitted() {
            if (left.compareAndSet(false, true)) {
                waiting.decrementAndGet();
            }
        }
    }
}
