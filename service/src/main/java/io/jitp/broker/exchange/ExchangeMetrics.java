package io.jitp.broker.exchange;

import java.time.Duration;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The brokered exchange's meters (Prometheus names):
 * <ul>
 * <li>{@code jitp_exchange_requests_total{outcome}}: requests answered, by outcome class: {@code cache},
 * {@code upstream} (credentials), or the problem type of a failure ({@code forbidden}, {@code not-found},
 * {@code too-many-requests}, {@code unavailable}, {@code upstream-error}…);</li>
 * <li>{@code jitp_exchange_cache_total{result}}: cache {@code hit} / {@code miss} (the hit ratio);</li>
 * <li>{@code jitp_exchange_upstream_calls_total{status}}: calls that reached the credentials provider, by HTTP status
 * ({@code no-answer} for a closed connection, {@code timeout});</li>
 * <li>{@code jitp_exchange_refused_total{reason}}: calls the fleet-wide limit refused ({@code queue-full},
 * {@code rate-limit}, {@code circuit-open});</li>
 * <li>{@code jitp_exchange_first_credentials_seconds}: histogram of the time from a new certificate's first call to
 * its credentials (JITP included);</li>
 * <li>{@code jitp_exchange_queue_depth} and {@code jitp_exchange_upstream_in_flight}: gauges.</li>
 * </ul>
 */
@ApplicationScoped
public class ExchangeMetrics {

    private final MeterRegistry registry;
    private final Counter hits;
    private final Counter misses;
    private final Counter cacheAnswers;
    private final Timer firstCredentials;

    public ExchangeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.hits = cache("hit");
        this.misses = cache("miss");
        this.cacheAnswers = outcomeCounter("cache");
        this.firstCredentials = Timer.builder("jitp.exchange.first.credentials")
                .description("Time from a new certificate's first call to its credentials (provisioning included)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    /** Registers the gauges of the queue and of the calls in flight. */
    void gauges(Supplier<Number> queueDepth, Supplier<Number> inFlight) {
        Gauge.builder("jitp.exchange.queue.depth", queueDepth)
                .description("Upstream calls waiting for the fleet-wide rate limit or a free slot")
                .register(registry);
        Gauge.builder("jitp.exchange.upstream.in.flight", inFlight)
                .description("Calls to the credentials provider in flight")
                .register(registry);
    }

    /** A request answered from the cache (the hot path: no lookup of meters). */
    void cacheHit() {
        hits.increment();
        cacheAnswers.increment();
    }

    /** A request that found nothing usable in the cache. */
    void cacheMiss() {
        misses.increment();
    }

    /** A request answered with credentials from the provider (or a joined exchange). */
    void answered(String outcome) {
        outcomeCounter(outcome).increment();
    }

    /** A new certificate got its first credentials after this long. */
    void firstCredentials(Duration took) {
        firstCredentials.record(took);
    }

    void upstreamCall(String status) {
        Counter.builder("jitp.exchange.upstream.calls")
                .description("Calls that reached the credentials provider, by HTTP status")
                .tag("status", status)
                .register(registry)
                .increment();
    }

    void refused(String reason) {
        Counter.builder("jitp.exchange.refused")
                .description("Upstream calls the fleet-wide limit refused")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    private Counter cache(String result) {
        return Counter.builder("jitp.exchange.cache")
                .description("Brokered exchange requests by cache result")
                .tag("result", result)
                .register(registry);
    }

    private Counter outcomeCounter(String outcome) {
        return Counter.builder("jitp.exchange.requests")
                .description("Brokered exchange requests by outcome class")
                .tag("outcome", outcome)
                .register(registry);
    }
}
