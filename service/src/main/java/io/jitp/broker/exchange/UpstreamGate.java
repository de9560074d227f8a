package io.jitp.broker.exchange;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import io.jitp.exchange.ExchangeRequest;
import io.jitp.exchange.UpstreamAnswer;
import io.jitp.exchange.VertxCredentialsTransport;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.RateLimit;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.vertx.core.Vertx;

/**
 * The broker's policy for one call to the credentials provider, in SmallRye Fault Tolerance annotations (innermost
 * first, as SmallRye applies them):
 * <ul>
 * <li>{@code @Bulkhead}: at most {@code jitp.exchange.max-concurrent-calls} calls in flight, up to
 * {@code jitp.exchange.queue-size} more waiting; one more is refused ({@code BulkheadException} → 429).</li>
 * <li>{@code @Timeout}: a call that waited and ran for {@code jitp.exchange.call-timeout-seconds} is abandoned.</li>
 * <li>{@code @RateLimit}: at most {@code jitp.exchange.calls-per-second} calls start per second (fleet-wide for this
 * replica).</li>
 * <li>{@code @CircuitBreaker} {@value #BREAKER}: opens when 3 of 4 of the last 40 calls were throttled, failed (5xx) or
 * timed out, and then refuses calls for 5 s instead of adding load to a failing provider. 403s and closed
 * connections are not failures: they are what just-in-time provisioning looks like.</li>
 * <li>{@code @Retry}: only a call refused by the rate limit, which never reached the provider, is tried again (after
 * 20–120 ms) for up to {@code jitp.exchange.queue-timeout-seconds}. That makes the rate limit a queue in time
 * without adding a single upstream call; every other retry (provisioning, throttling, 5xx) belongs to the
 * exchange's own JITP-aware guard in {@code io.jitp.exchange.CredentialsExchange}, which calls this once per
 * attempt. The two layers therefore never multiply upstream calls.</li>
 * </ul>
 * The annotation values are defaults; application.properties maps them to {@code jitp.exchange.*}.
 */
@ApplicationScoped
public class UpstreamGate {

    /** Name of the circuit breaker (for {@code CircuitBreakerMaintenance}). */
    public static final String BREAKER = "credentials-provider";

    private final VertxCredentialsTransport transport;
    private final AtomicInteger running = new AtomicInteger();

    public UpstreamGate(Vertx vertx) {
        this.transport = new VertxCredentialsTransport(vertx, Duration.ofSeconds(5));
    }

    /**
     * One call to the provider, admitted by the limits above. Completes with the answer (403/404/400 included), or
     * exceptionally with an {@link UpstreamFault} (429, 5xx) or the connection's error.
     */
    @AsynchronousNonBlocking
    @Bulkhead(value = 32, waitingTaskQueue = 512)
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @RateLimit(value = 50, window = 1, windowUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 40, failureRatio = 0.75, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, failOn = {UpstreamFault.class, TimeoutException.class})
    @CircuitBreakerName(BREAKER)
    @Retry(maxRetries = 10_000, delay = 70, jitter = 50, maxDuration = 10, durationUnit = ChronoUnit.SECONDS,
            retryOn = RateLimitException.class)
    public CompletionStage<UpstreamAnswer> send(ExchangeRequest request, Duration timeout, Admission admission) {
        admission.admitted();
        running.incrementAndGet();
        return transport.send(request, timeout).whenComplete((answer, error) -> running.decrementAndGet())
                .thenApply(answer -> {
                    if (UpstreamFault.isFault(answer)) {
                        throw new UpstreamFault(answer);
                    }
                    return answer;
                });
    }

    /** Calls in flight now. */
    int running() {
        return running.get();
    }

    /** Closes the connections. */
    void close() {
        transport.close();
    }

    /** Learns when a call got through the limits (the queue depth is calls waiting for that). */
    public interface Admission {
        /** The call got through and is being sent. */
        void admitted();
    }
}
