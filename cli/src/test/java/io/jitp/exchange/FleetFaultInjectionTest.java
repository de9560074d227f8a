package io.jitp.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.jitp.emulator.credentials.CredentialsService.FirstContact;
import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Outcome;
import io.jitp.emulator.fault.Surface;
import io.vertx.core.Vertx;

import software.amazon.awssdk.services.iot.model.ThingAttribute;

/**
 * A fleet's first boot through a faulty endpoint: 200 new devices exchange at once while 30 % of the credentials
 * provider's answers are injected failures (10 % each of resets, 429 and 503) on top of JITP's failed first contact.
 */
class FleetFaultInjectionTest {

    private static final int DEVICES = 200;

    @Test
    void twoHundredNewDevices_withThirtyPercentFailures_allGetCredentialsWithinTwiceTheMinimumCalls() {
        try (EmulatedAccount account = EmulatedAccount.start(Duration.ofMillis(100), FirstContact.CLOSE)) {
            Vertx vertx = Vertx.vertx();
            try (CredentialsExchange exchange = CredentialsExchange.create(vertx, ExchangePolicy.DEFAULTS)) {
                List<EmulatedAccount.Device> devices = new ArrayList<>();
                for (int i = 0; i < DEVICES; i++) {
                    devices.add(account.newDevice(String.format("fleet-%03d-", i) + EmulatedAccount.unique("d")));
                }
                account.emulator().faults().set(Surface.CREDENTIALS, FaultSettings.NONE.withReset(0.1)
                        .withThrottle(0.1).withUnavailable(0.1));
                account.emulator().faults().resetCounters();

                List<CompletableFuture<ExchangeResult>> exchanges = devices.stream()
                        .map(device -> exchange.exchange(account.request(device)).toCompletableFuture())
                        .toList();
                List<ExchangeResult> results = exchanges.stream()
                        .map(f -> f.orTimeout(120, TimeUnit.SECONDS).join())
                        .toList();

                long calls = account.credentialsCalls();
                long minimum = 2L * DEVICES;
                var faults = account.emulator().faults();
                System.out.printf(
                        "fleet: %d devices, %d upstream calls (client: %d; minimum %d, ratio %.2f); injected: "
                                + "%d resets, %d throttles, %d unavailable; JITP closes %d%n",
                        DEVICES, calls,
                        exchange.stats().upstreamCalls(), minimum,
                        (double) calls / minimum, faults.count(Surface.CREDENTIALS, null, Outcome.INJECTED_RESET),
                        faults.count(Surface.CREDENTIALS, null, Outcome.INJECTED_THROTTLE),
                        faults.count(Surface.CREDENTIALS, null, Outcome.INJECTED_UNAVAILABLE),
                        faults.count(Surface.CREDENTIALS, null, Outcome.CONNECTION_CLOSED));
                assertThat(results).hasSize(DEVICES).allSatisfy(r -> assertThat(r.credentials()).isNotNull());
                assertThat(results.stream().map(r -> r.credentials().accessKeyId()).distinct()).hasSize(DEVICES);
                // The client counts every attempt; the emulator those that reached its HTTP layer (a connection
                // that fails earlier on a loaded machine is the client's only).
                assertThat(calls).isLessThanOrEqualTo(exchange.stats().upstreamCalls());
                assertThat(exchange.stats().upstreamCalls()).isLessThanOrEqualTo(2 * minimum);
                assertThat(faults.count(Surface.CREDENTIALS, null, Outcome.INJECTED_RESET)).isPositive();
                assertThat(faults.count(Surface.CREDENTIALS, null, Outcome.INJECTED_THROTTLE)).isPositive();
                assertThat(faults.count(Surface.CREDENTIALS, null, Outcome.INJECTED_UNAVAILABLE)).isPositive();
                assertThat(calls).isLessThanOrEqualTo(2 * minimum);
                assertThat(account.emulator().jitpProvisioned()).isEqualTo(DEVICES);
                assertNoDuplicates(account, devices);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
    }

    private static void assertNoDuplicates(EmulatedAccount account, List<EmulatedAccount.Device> devices) {
        Set<String> expectedThings = new HashSet<>();
        devices.forEach(d -> expectedThings.add(d.thingName()));
        List<String> things = account.iot().listThingsPaginator(r -> r.maxResults(250)).things().stream()
                .map(ThingAttribute::thingName).toList();
        assertThat(things).hasSize(DEVICES).containsExactlyInAnyOrderElementsOf(expectedThings);
        String caId = account.ca().id().value();
        List<String> certificates = account.iot().listCertificatesByCAPaginator(r -> r.caCertificateId(caId)
                .pageSize(250)).certificates().stream().map(c -> c.certificateId()).toList();
        assertThat(certificates).hasSize(DEVICES).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(devices.stream().map(EmulatedAccount.Device::certificateId)
                        .toList());
        for (EmulatedAccount.Device device : devices.subList(0, 10)) {
            assertThat(account.iot().listThingPrincipals(r -> r.thingName(device.thingName())).principals())
                    .hasSize(1);
        }
    }
}
