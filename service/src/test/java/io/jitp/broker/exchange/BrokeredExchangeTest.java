package io.jitp.broker.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jitp.broker.ca.CaService;
import io.jitp.broker.enrollment.DeviceRevoked;
import io.jitp.broker.iot.EmbeddedEmulator;
import io.jitp.broker.store.Database;
import io.jitp.broker.store.DeviceStore;
import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.CustodialDevices;
import io.jitp.broker.testing.Fixtures;
import io.jitp.broker.testing.Problems;
import io.jitp.emulator.fault.Surface;
import io.jitp.exchange.ExchangeKey;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.Pem;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The brokered exchange against the embedded emulator: JITP absorbed, cache, device mTLS, revocation, metrics. */
@QuarkusTest
class BrokeredExchangeTest {

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

    @Inject
    Event<DeviceRevoked> revocations;

    @Inject
    BrokeredExchange exchange;

    static CustodialDevices fleet;

    @BeforeEach
    void fleet() {
        if (fleet == null) {
            fleet = CustodialDevices.create(url, cas, devices, database);
        }
    }

    @Test
    void newCustodialDevice_firstCallAbsorbsJitp_secondIsServedFromTheCache() {
        CustodialDevices.Device device = fleet.custodial(Fixtures.name("pump"));

        Response first = exchange(device.thing());
        long callsAfterFirst = settledCredentialsCalls();
        Response second = exchange(device.thing());

        assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
        assertThat(first.header("Cache-Control")).isEqualTo("no-store");
        assertThat(first.jsonPath().getInt("Version")).isEqualTo(1);
        assertThat(first.jsonPath().getString("AccessKeyId")).startsWith("ASIA");
        assertThat(first.jsonPath().getString("SecretAccessKey")).isNotBlank();
        assertThat(first.jsonPath().getString("SessionToken")).isNotBlank();
        assertThat(first.jsonPath().getString("Expiration")).endsWith("Z");
        assertThat(first.jsonPath().getString("source")).isEqualTo("UPSTREAM");
        assertThat(first.jsonPath().getString("roleAlias")).isEqualTo(fleet.fleet() + "-role-alias");
        assertThat(first.jsonPath().getList("attempts")).as("the first JITP contact fails and is retried")
                .hasSizeGreaterThan(1);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.jsonPath().getString("source")).isEqualTo("CACHE");
        assertThat(second.jsonPath().getString("AccessKeyId")).isEqualTo(first.jsonPath().getString("AccessKeyId"));
        assertThat(settledCredentialsCalls()).isEqualTo(callsAfterFirst);
    }

    @Test
    void refresh_goesUpstreamAgain_andMetricsCountIt() {
        CustodialDevices.Device device = fleet.custodial(Fixtures.name("meter"));
        exchange(device.thing()).then().statusCode(200);
        exchange(device.thing()).then().statusCode(200);

        Response refreshed = Api.operator(url).post("/v1/devices/" + device.thing() + "/credentials?refresh=true");
        String metrics = Api.anonymous(url).get("/q/metrics").asString();

        assertThat(refreshed.jsonPath().getString("source")).isEqualTo("UPSTREAM");
        assertThat(metrics).contains("jitp_exchange_cache_total{result=\"hit\"}",
                "jitp_exchange_cache_total{result=\"miss\"}", "jitp_exchange_requests_total{outcome=\"upstream\"}",
                "jitp_exchange_requests_total{outcome=\"cache\"}", "jitp_exchange_upstream_calls_total{status=\"200\"}",
                "jitp_exchange_first_credentials_seconds_bucket", "jitp_exchange_queue_depth",
                "jitp_exchange_upstream_in_flight");
        assertThat(counter(metrics, "jitp_exchange_cache_total{result=\"hit\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void callers_withoutTokenOrCertificate_orForAnUnknownThing_orWithoutAHeldKey_getProblems() {
        CustodialDevices.Device held = fleet.deviceHeld(Fixtures.name("own-key"));

        Response anonymous = Api.anonymous(url).post("/v1/devices/" + held.thing() + "/credentials");
        Response unknown = Api.operator(url).post("/v1/devices/" + Fixtures.name("ghost") + "/credentials");
        Response noKey = Api.operator(url).post("/v1/devices/" + held.thing() + "/credentials");
        Response badName = Api.operator(url).post("/v1/devices/bad%20name/credentials");

        Problems.assertProblem(anonymous, 401, "unauthenticated", "Authorization");
        Problems.assertProblem(unknown, 404, "not-found", "thing");
        Problems.assertProblem(noKey, 409, "conflict", "thing");
        assertThat(noKey.jsonPath().getString("fix")).contains("jitp credentials get");
        Problems.assertProblem(badName, 400, "invalid-input", "thing");
    }

    @Test
    void device_withItsOwnCertificate_getsCredentials_butNotAnotherThings() throws Exception {
        CustodialDevices.Device device = fleet.custodial(Fixtures.name("self"));
        CustodialDevices.Device other = fleet.custodial(Fixtures.name("other"));

        HttpResponse<String> own = mutualTls(device, device.thing());
        HttpResponse<String> foreign = mutualTls(other, device.thing());

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains("\"AccessKeyId\":\"ASIA");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
        assertThat(foreign.body()).contains("belongs to thing '" + other.thing() + "'");
    }

    @Test
    void revocation_dropsCachedCredentials_andTheNextCallSaysRevoked() {
        CustodialDevices.Device device = fleet.custodial(Fixtures.name("lost"));
        exchange(device.thing()).then().statusCode(200);
        ExchangeKey key = exchange.resolvedKey(device.thing()).orElseThrow();
        assertThat(exchange.exchange().cached(key)).isPresent();

        devices.markRevoked(device.certificateId());
        revocations.fire(new DeviceRevoked(device.thing(), device.certificateId()));
        Response after = exchange(device.thing());

        assertThat(exchange.exchange().cached(key)).isEmpty();
        Problems.assertProblem(after, 403, "forbidden", "certificate");
        assertThat(after.jsonPath().getString("detail")).contains("revoked");
    }

    private Response exchange(String thing) {
        return Api.operator(url).post("/v1/devices/" + thing + "/credentials");
    }

    private long settledCredentialsCalls() {
        var faults = embedded.emulator().orElseThrow().faults();
        long[] last = {-1};
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long now = faults.total(Surface.CREDENTIALS, null);
            boolean settled = now == last[0];
            last[0] = now;
            return settled;
        });
        return last[0];
    }

    private static double counter(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).mapToDouble(
                line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private HttpResponse<String> mutualTls(CustodialDevices.Device caller, String thing) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        Certificate[] chain = Pem.certificates(caller.chainPem().getBytes(StandardCharsets.US_ASCII), "chain",
                "chain").toArray(Certificate[]::new);
        keys.setKeyEntry("device", KeyFiles.parse(caller.keyPem().getBytes(StandardCharsets.US_ASCII), null, "key")
                .key(), new char[0], chain);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(Api.trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10))
                .build();
        URI target = URI.create("https://localhost:" + url.getPort() + "/v1/devices/" + thing + "/credentials");
        return client.send(HttpRequest.newBuilder(target).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
