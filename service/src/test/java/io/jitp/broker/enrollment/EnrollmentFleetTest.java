package io.jitp.broker.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.broker.iot.EmbeddedEmulator;
import io.jitp.broker.store.CaRecord;
import io.jitp.broker.store.CaStore;
import io.jitp.broker.testing.Enrollments;
import io.jitp.broker.testing.FastProvisioningProfile;
import io.jitp.broker.testing.Fixtures;
import io.jitp.emulator.Emulator;
import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Outcome;
import io.jitp.emulator.fault.Surface;
import io.jitp.exchange.CredentialsExchange;
import io.jitp.exchange.ExchangePolicy;
import io.jitp.exchange.ExchangeRequest;
import io.jitp.exchange.ExchangeResult;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.Vertx;

import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ThingAttribute;

/**
 * A fleet's first boot through the broker: 200 devices enroll with one pattern token of 200 uses, then exchange
 * their new certificates at once while 30 % of the credentials provider's answers are injected failures (10 % each
 * of resets, 429 and 503) on top of JITP's failed first contact.
 */
@QuarkusTest
@TestProfile(FastProvisioningProfile.class)
class EnrollmentFleetTest {

    private static final int DEVICES = 200;

    @TestHTTPResource(tls = true)
    URL url;

    @Inject
    EmbeddedEmulator embedded;

    @Inject
    IotClient iot;

    @Inject
    CaStore cas;

    @TempDir
    Path dir;

    @Test
    void twoHundredEnrolledDevices_withThirtyPercentFaults_allGetCredentialsWithinTwiceTheMinimumCalls()
            throws Exception {
        Emulator emulator = embedded.emulator().orElseThrow();
        Enrollments fleet = Enrollments.fleet(url, "fleet", false);
        String prefix = Fixtures.name("unit");
        String token = fleet.mint(Map.of("thingPattern", prefix + "-[0-9]{3}", "uses", DEVICES))
                .then().statusCode(201).extract().path("token");

        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<ExchangeRequest> requests = new ArrayList<>();
        try {
            List<CompletableFuture<ExchangeRequest>> enrollments = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                String thing = String.format("%s-%03d", prefix, i);
                enrollments.add(CompletableFuture.supplyAsync(() -> enroll(fleet, token, thing), pool));
            }
            for (CompletableFuture<ExchangeRequest> enrollment : enrollments) {
                requests.add(enrollment.orTimeout(120, TimeUnit.SECONDS).join());
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("enrolled fleet: %d enrollments over HTTP in %d ms%n", DEVICES,
                (System.nanoTime() - started) / 1_000_000);
        assertThat(fleet.enroll(token, Map.of("thingName", prefix + "-999", "csr",
                Enrollments.csr(Enrollments.key(), "CN=" + prefix + "-999"))).statusCode())
                .as("the token's 200 uses are spent").isEqualTo(403);

        long provisionedBefore = emulator.jitpProvisioned();
        emulator.faults().set(Surface.CREDENTIALS, FaultSettings.NONE.withReset(0.1).withThrottle(0.1)
                .withUnavailable(0.1));
        long callsBefore = settledCredentialsCalls(emulator);
        long resetsBefore = emulator.faults().count(Surface.CREDENTIALS, null, Outcome.INJECTED_RESET);
        long throttlesBefore = emulator.faults().count(Surface.CREDENTIALS, null, Outcome.INJECTED_THROTTLE);
        long unavailableBefore = emulator.faults().count(Surface.CREDENTIALS, null, Outcome.INJECTED_UNAVAILABLE);
        Vertx vertx = Vertx.vertx();
        try (CredentialsExchange exchange = CredentialsExchange.create(vertx, ExchangePolicy.DEFAULTS)) {
            List<CompletableFuture<ExchangeResult>> exchanges = requests.stream()
                    .map(request -> exchange.exchange(request).toCompletableFuture()).toList();
            List<ExchangeResult> results = exchanges.stream().map(f -> f.orTimeout(120, TimeUnit.SECONDS).join())
                    .toList();

            long minimum = 2L * DEVICES;
            long calls = settledCredentialsCalls(emulator) - callsBefore;
            long resets = emulator.faults().count(Surface.CREDENTIALS, null, Outcome.INJECTED_RESET) - resetsBefore;
            long throttles = emulator.faults().count(Surface.CREDENTIALS, null, Outcome.INJECTED_THROTTLE)
                    - throttlesBefore;
            long unavailable = emulator.faults().count(Surface.CREDENTIALS, null, Outcome.INJECTED_UNAVAILABLE)
                    - unavailableBefore;
            System.out.printf("enrolled fleet: %d devices, %d upstream calls (client %d; minimum %d, ratio %.2f); "
                    + "injected %d resets, %d throttles, %d unavailable%n", DEVICES, calls,
                    exchange.stats().upstreamCalls(), minimum, (double) exchange.stats().upstreamCalls() / minimum,
                    resets, throttles, unavailable);
            assertThat(results).hasSize(DEVICES).allSatisfy(r -> assertThat(r.credentials()).isNotNull());
            assertThat(results.stream().map(r -> r.credentials().accessKeyId()).distinct()).hasSize(DEVICES);
            assertThat(exchange.stats().upstreamCalls()).isLessThanOrEqualTo(2 * minimum);
            assertThat(calls).isLessThanOrEqualTo(exchange.stats().upstreamCalls());
            assertThat(resets).isPositive();
            assertThat(throttles).isPositive();
            assertThat(unavailable).isPositive();
            assertThat(emulator.jitpProvisioned() - provisionedBefore).isEqualTo(DEVICES);
        } finally {
            emulator.faults().set(Surface.CREDENTIALS, FaultSettings.NONE);
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }

        List<String> things = iot.listThingsPaginator(r -> r.maxResults(250)).things().stream()
                .map(ThingAttribute::thingName).filter(name -> name.startsWith(prefix)).toList();
        assertThat(things).hasSize(DEVICES).doesNotHaveDuplicates();
        CaRecord ca = cas.findCurrent(fleet.caName()).orElseThrow();
        List<String> certificates = iot.listCertificatesByCAPaginator(r -> r.caCertificateId(ca.id()).pageSize(250))
                .certificates().stream().map(c -> c.certificateId()).toList();
        assertThat(certificates).hasSize(DEVICES).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(requests.stream()
                        .map(r -> r.identity().certificateId().value()).toList());
    }

    private ExchangeRequest enroll(Enrollments fleet, String token, String thing) {
        KeyPair key = Enrollments.key();
        Response enrolled = fleet.enroll(token, Map.of("thingName", thing, "csr",
                Enrollments.csr(key, "CN=" + thing)));
        assertThat(enrolled.statusCode()).as(enrolled.asString()).isEqualTo(201);
        try {
            return Enrollments.exchangeRequest(enrolled, key.getPrivate(), dir);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The emulator counts a call once its connection is done with it: read the count once it is stable. */
    private static long settledCredentialsCalls(Emulator emulator) {
        long[] last = {-1};
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            long now = emulator.faults().total(Surface.CREDENTIALS, null);
            boolean stable = now == last[0];
            last[0] = now;
            return stable;
        });
        return last[0];
    }
}
