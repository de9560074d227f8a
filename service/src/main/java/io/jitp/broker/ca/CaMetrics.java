package io.jitp.broker.ca;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.jitp.broker.store.CaRecord;
import io.jitp.broker.store.CaStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;

/**
 * {@code jitp_ca_expiry_seconds{ca, name, status}}: seconds until each held CA certificate's notAfter (negative
 * once expired), so that an alert can fire weeks ahead. The set of CAs is refreshed from the database on every
 * change made here and every minute (CAs created by another replica appear within a minute).
 */
@ApplicationScoped
public class CaMetrics {

    private static final Logger LOG = Logger.getLogger(CaMetrics.class);

    private final MultiGauge expiry;
    private final Instance<CaStore> store;

    public CaMetrics(MeterRegistry registry, Instance<CaStore> store) {
        this.store = store;
        this.expiry = MultiGauge.builder("jitp.ca.expiry")
                .baseUnit("seconds")
                .description("Seconds until the CA certificate expires")
                .register(registry);
    }

    /** Re-reads the CAs after a change. */
    public void changed() {
        refresh();
    }

    @Scheduled(every = "60s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (CaRecord ca : store.get().list()) {
                Instant notAfter = ca.notAfter();
                rows.add(MultiGauge.Row.of(Tags.of("ca", ca.id(), "name", ca.name(), "status", ca.status()),
                        () -> (notAfter.toEpochMilli() - System.currentTimeMillis()) / 1000.0));
            }
            expiry.register(rows, true);
        } catch (RuntimeException e) {
            // WARN: the gauges keep their previous rows until the next refresh succeeds.
            LOG.warnf("CA expiry gauges not refreshed [reason=%s]", e.getMessage());
        }
    }
}
