package io.jitp.broker.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.jitp.broker.ca.CaService;
import io.jitp.broker.iot.EmbeddedEmulator;
import io.jitp.broker.store.Database;
import io.jitp.broker.store.DeviceStore;
import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.CustodialDevices;
import io.jitp.broker.testing.FastProvisioningProfile;
import io.jitp.broker.testing.Fixtures;
import io.jitp.emulator.Emulator;
import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Surface;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A custodial fleet's first boot through the broker: 200 new devices ask the broker for credentials at once while
 * 30 % of the credentials provider's answers are injected failures. Every device gets credentials, through the
 * fleet-wide limit (default numbers), and the calls reaching the provider stay within twice the minimum (first
 * contact + success per device): the broker's annotations delay calls but never add any.
 */
@QuarkusTest
@TestProfile(FastProvisioningProfile.class)
class BrokeredFleetFaultTest {

    static final int DEVICES = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Test
    void twoHundredCustodialDevices_withThirtyPercentFaults_allGetCredentials() throws Exception {
        CustodialDevices fleet = CustodialDevices.create(url, cas, devices, database);
        List<String> things = new ArrayList<>();
        for (int i = 0; i < DEVICES; i++) {
            things.add(fleet.custodial(Fixtures.name("boot")).thing());
        }
        Emulator emulator = embedded.emulator().orElseThrow();
        HttpClient client = client();
        emulator.faults().set(Surface.CREDENTIALS, FaultSettings.NONE.withReset(0.1).withThrottle(0.1)
                .withUnavailable(0.1));
        long before = settled(emulator);
        long provisionedBefore = emulator.jitpProvisioned();
        List<HttpResponse<String>> answers;
        try {
            List<CompletableFuture<HttpResponse<String>>> calls = things.stream().map(thing -> client.sendAsync(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + url.getPort() + "/v1/devices/" + thing
                            + "/credentials")).POST(HttpRequest.BodyPublishers.noBody())
                            .header("Authorization", "Bearer " + Api.OPERATOR_TOKEN).timeout(Duration.ofMinutes(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString())).toList();
            answers = calls.stream().map(call -> call.orTimeout(4, TimeUnit.MINUTES).join()).toList();
        } finally {
            emulator.faults().set(Surface.CREDENTIALS, FaultSettings.NONE);
        }

        long calls = settled(emulator) - before;
        long minimum = 2L * DEVICES;
        System.out.printf("brokered fleet: %d devices, %d upstream calls (minimum %d, ratio %.2f)%n", DEVICES, calls,
                minimum, (double) calls / minimum);
        assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).as(a.body()).isEqualTo(200));
        List<JsonNode> documents = new ArrayList<>();
        for (HttpResponse<String> answer : answers) {
            documents.add(JSON.readTree(answer.body()));
        }
        assertThat(documents.stream().map(d -> d.path("AccessKeyId").asText()).distinct()).hasSize(DEVICES);
        assertThat(calls).isLessThanOrEqualTo(2 * minimum);
        assertThat(emulator.jitpProvisioned() - provisionedBefore).isEqualTo(DEVICES);
    }

    private static HttpClient client() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(Api.trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    private static long settled(Emulator emulator) {
        long[] last = {-1};
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long now = emulator.faults().total(Surface.CREDENTIALS, null);
            boolean stable = now == last[0];
            last[0] = now;
            return stable;
        });
        return last[0];
    }
}
