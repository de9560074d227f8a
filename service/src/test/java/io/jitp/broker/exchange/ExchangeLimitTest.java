package io.jitp.broker.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jitp.broker.ca.CaService;
import io.jitp.broker.iot.EmbeddedEmulator;
import io.jitp.broker.store.Database;
import io.jitp.broker.store.DeviceStore;
import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.CustodialDevices;
import io.jitp.broker.testing.Fixtures;
import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Surface;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The fleet-wide limit with small numbers (2 calls in flight, 2 waiting, 6 calls per second, 1 s to find room in the
 * rate, 3 s of retries per exchange): a burst of new devices gets 429 problems with Retry-After instead of reaching the
 * provider, and the calls that
 * do reach it stay within the rate. Counts only; no durations are asserted.
 */
@QuarkusTest
@TestProfile(ExchangeLimitTest.Limited.class)
class ExchangeLimitTest {

    static final int CONCURRENT = 2;
    static final int QUEUE = 2;
    static final int PER_SECOND = 6;

    @TestHTTPResource(tls = true)
    URL url;

    @Inject
    CaService cas;

    @Inject
    DeviceStore devices;

    @Inject
    Database database;

    @Inject
    EmbeddedEmulator embedded;

    static CustodialDevices fleet;

    @BeforeEach
    void fleet() {
        if (fleet == null) {
            fleet = CustodialDevices.create(url, cas, devices, database);
        }
    }

    @AfterEach
    void healthy() {
        embedded.emulator().orElseThrow().faults().set(Surface.CREDENTIALS, FaultSettings.NONE);
    }

    @Test
    void fullQueue_isA429WithRetryAfter() throws Exception {
        embedded.emulator().orElseThrow().faults().set(Surface.CREDENTIALS,
                FaultSettings.NONE.withLatency(1.0, 3000));

        List<Response> answers = burst(10);

        List<Response> refused = answers.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(answers).allSatisfy(ExchangeLimitTest::credentialsOrRetryLater);
        // The rate admits 6 calls at once; 2 run (for 3 s), 2 wait: the others find the queue full.
        assertThat(refused).as("at most %d running and %d waiting", CONCURRENT, QUEUE)
                .hasSizeGreaterThanOrEqualTo(PER_SECOND - CONCURRENT - QUEUE);
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.header("Retry-After")).isNotBlank();
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("type")).endsWith("/too-many-requests");
        });
        assertThat(refused).anySatisfy(r -> assertThat(r.jsonPath().getString("detail")).contains("queue"));
    }

    @Test
    void burstOfNewDevices_staysWithinTheRate() throws Exception {
        var faults = embedded.emulator().orElseThrow().faults();
        long before = faults.total(Surface.CREDENTIALS, null);
        Instant start = Instant.now();

        List<Response> answers = burst(12);

        long seconds = Duration.between(start, Instant.now()).toSeconds() + 1;
        long calls = faults.total(Surface.CREDENTIALS, null) - before;
        assertThat(answers).allSatisfy(ExchangeLimitTest::credentialsOrRetryLater);
        // Unlimited, 12 new devices polling through a 2 s provisioning would make about 100 calls in this time.
        assertThat(calls).as("upstream calls in %d s", seconds).isLessThanOrEqualTo(PER_SECOND * (seconds + 1));
    }

    /**
     * 200, or a problem telling the caller to come back: 429 from the limit, or 503 when the (short, 3 s) retry
     * budget ran out while the device's calls waited for the limit and its provisioning was still running.
     */
    private static void credentialsOrRetryLater(Response answer) {
        assertThat(answer.statusCode()).as(answer.asString()).isIn(200, 429, 503);
        if (answer.statusCode() == 503) {
            assertThat(answer.jsonPath().getString("detail")).contains("still failing after");
        }
    }

    private List<Response> burst(int count) throws Exception {
        List<String> things = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            things.add(fleet.custodial(Fixtures.name("burst")).thing());
        }
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<CompletableFuture<Response>> calls = things.stream().map(thing -> CompletableFuture.supplyAsync(
                    () -> Api.operator(url).post("/v1/devices/" + thing + "/credentials"), pool)).toList();
            return calls.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Small limits, so that a burst of a dozen devices meets them. */
    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("jitp.exchange.max-concurrent-calls", String.valueOf(CONCURRENT),
                    "jitp.exchange.queue-size", String.valueOf(QUEUE),
                    "jitp.exchange.calls-per-second", String.valueOf(PER_SECOND),
                    "jitp.exchange.queue-timeout-seconds", "1", "jitp.exchange.retry-budget", "3s");
        }
    }
}
