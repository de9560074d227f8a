package io.jitp.broker.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.broker.iot.EmbeddedEmulator;
import io.jitp.broker.store.Database;
import io.jitp.broker.store.DeviceStore;
import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Enrollments;
import io.jitp.broker.testing.Fixtures;
import io.jitp.broker.testing.Problems;
import io.jitp.emulator.Endpoints;
import io.jitp.exchange.CredentialsExchange;
import io.jitp.exchange.ExchangeFailure;
import io.jitp.exchange.ExchangePolicy;
import io.jitp.exchange.ExchangeRequest;
import io.jitp.exchange.ExchangeResult;
import io.jitp.exchange.FailureClass;
import io.jitp.exchange.TemporaryCredentials;
import io.jitp.pki.CertificateId;
import io.jitp.pki.Pem;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.sts.StsClient;

/** Tokens, enrollment, exchange with the enrolled identity, and revocation, through the real HTTP API. */
@QuarkusTest
class EnrollmentApiTest {

    @TestHTTPResource(tls = true)
    URL url;

    @Inject
    EmbeddedEmulator embedded;

    @Inject
    IotClient iot;

    @Inject
    DeviceStore devices;

    @Inject
    Database database;

    @Inject
    RevocationRecorder revocations;

    @TempDir
    Path dir;

    @Test
    void enrollWithCsr_thenExchange_thenStsKnowsTheRole() throws Exception {
        Enrollments fleet = Enrollments.fleet(url, "csr", false);
        String thing = Fixtures.name("pump");
        KeyPair key = Enrollments.key();

        Response enrolled = fleet.enroll(fleet.token(thing), Map.of("thingName", thing, "csr",
                Enrollments.csr(key, "CN=" + thing)));

        assertThat(enrolled.statusCode()).as(enrolled.asString()).isEqualTo(201);
        assertThat(enrolled.<String>path("privateKeyPem")).isNull();
        assertThat(enrolled.<String>path("roleAlias")).isEqualTo(fleet.fleet() + "-role-alias");
        assertThat(enrolled.<String>path("credentialsEndpoint"))
                .isEqualTo(endpoints().credentialsEndpoint());
        assertThat(enrolled.<String>path("trustBundlePem")).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(enrolled.<String>path("region")).isEqualTo(endpoints().region());
        assertThat(Pem.certificates(enrolled.<String>path("chainPem").getBytes(), "chain", "chain")).hasSize(2);
        var certificate = Pem.certificate(enrolled.<String>path("certificatePem").getBytes(), "cert", "cert");
        assertThat(CertificateId.of(certificate).value()).isEqualTo(enrolled.path("certificateId"));
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=" + thing);
        assertThat(devices.findCurrent(thing).orElseThrow().certificateId()).isEqualTo(enrolled.path("certificateId"));

        TemporaryCredentials credentials = exchange(Enrollments.exchangeRequest(enrolled, key.getPrivate(), dir));

        assertThat(sts(credentials).getCallerIdentity().arn())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/FleetDevices/" + thing);
        Response shown = Api.operator(url).get("/v1/devices/" + thing);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.<String>path("status")).isEqualTo("ACTIVE");
        assertThat(shown.<String>path("current.certificateId")).isEqualTo(enrolled.path("certificateId"));
        assertThat(Api.operator(url).get("/v1/devices?fleet=" + fleet.fleet()).<List<String>>path("thingName"))
                .containsExactly(thing);
    }

    @Test
    void serverKeygen_returnsTheKeyOnce_andACustodialFleetKeepsItSealed() throws Exception {
        Enrollments custodial = Enrollments.fleet(url, "cust", true);
        Enrollments plain = Enrollments.fleet(url, "plain", false);
        String kept = Fixtures.name("kept");
        String notKept = Fixtures.name("free");
        String keptToken = custodial.mint(Map.of("thingName", kept, "serverKeygen", true)).path("token");
        String plainToken = plain.mint(Map.of("thingName", notKept, "serverKeygen", true)).path("token");

        Response keptAnswer = custodial.enroll(keptToken, Map.of("thingName", kept, "serverKeygen", true,
                "keyType", "p384"));
        Response plainAnswer = plain.enroll(plainToken, Map.of("thingName", notKept, "serverKeygen", true));

        assertThat(keptAnswer.statusCode()).as(keptAnswer.asString()).isEqualTo(201);
        assertThat(keptAnswer.<String>path("privateKeyPem")).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(keptAnswer.<Boolean>path("custodial")).isTrue();
        assertThat(plainAnswer.<Boolean>path("custodial")).isFalse();
        String keptId = keptAnswer.path("certificateId");
        assertThat(devices.custodialKey(keptId).orElseThrow().getEncoded())
                .isEqualTo(Enrollments.privateKey(keptAnswer).getEncoded());
        assertThat(devices.custodialKeyPem(plainAnswer.path("certificateId"))).isEmpty();
        assertThat(Api.operator(url).get("/v1/devices/" + kept).<Boolean>path("current.custodialKey")).isTrue();

        TemporaryCredentials credentials = exchange(Enrollments.exchangeRequest(plainAnswer,
                Enrollments.privateKey(plainAnswer), dir));
        assertThat(sts(credentials).getCallerIdentity().arn()).endsWith("/FleetDevices/" + notKept);
    }

    @Test
    void tokens_refusedForEveryReason_withAProblemNamingTheField() throws Exception {
        Enrollments fleet = Enrollments.fleet(url, "refuse", false);
        Enrollments other = Enrollments.fleet(url, "other", false);
        String thing = Fixtures.name("valve");
        KeyPair key = Enrollments.key();
        Map<String, Object> body = Map.of("thingName", thing, "csr", Enrollments.csr(key, "CN=" + thing));

        String expired = fleet.token(thing);
        expire(expired);
        Response minted = fleet.mint(Map.of("thingName", thing));
        String revoked = minted.path("token");
        String revokedId = minted.path("id");
        Api.operator(url).delete("/v1/tokens/" + revokedId).then().statusCode(200);
        Api.operator(url).delete("/v1/tokens/" + revokedId).then().statusCode(200);
        String good = fleet.token(thing);

        Problems.assertProblem(fleet.enroll(expired, body), 403, "forbidden", "token");
        assertThat(fleet.enroll(expired, body).<String>path("detail")).contains("expired");
        Problems.assertProblem(fleet.enroll(revoked, body), 403, "forbidden", "token");
        assertThat(fleet.enroll(revoked, body).<String>path("detail")).contains("revoked");
        Problems.assertProblem(fleet.enroll("jitpe_unknown", body), 401, "unauthenticated", "token");
        Problems.assertProblem(Api.anonymous(url).contentType(ContentType.JSON).body(body).post("/v1/enrollments"),
                401, "unauthenticated", "Authorization");
        Problems.assertProblem(fleet.enroll(good, Map.of("thingName", "someone-else", "csr",
                Enrollments.csr(key, "CN=someone-else"))), 403, "forbidden", "thingName");
        Problems.assertProblem(fleet.enroll(good, Map.of("thingName", thing, "csr", body.get("csr"), "ca",
                other.caName())), 403, "forbidden", "ca");
        Problems.assertProblem(fleet.enroll(good, Map.of("thingName", thing, "csr", body.get("csr"), "fleet",
                other.fleet())), 403, "forbidden", "fleet");
        Problems.assertProblem(fleet.enroll(good, Map.of("thingName", thing, "csr",
                Enrollments.csr(key, "CN=not-" + thing))), 403, "forbidden", "csr.subject.CN");
        Response weak = fleet.enroll(good, Map.of("thingName", thing, "csr",
                Enrollments.csr(closePrimesRsaKey(), "CN=" + thing)));
        Problems.assertProblem(weak, 403, "forbidden", "csr.key");
        assertThat(weak.<String>path("detail")).contains("Fermat");
        Response tampered = fleet.enroll(good, Map.of("thingName", thing, "csr", tampered(key, thing)));
        Problems.assertProblem(tampered, 400, "invalid-input", "csr");
        assertThat(tampered.<String>path("detail")).contains("proof of possession");
        Problems.assertProblem(fleet.enroll(good, Map.of("thingName", thing, "serverKeygen", true)), 403,
                "forbidden", "serverKeygen");
        Problems.assertProblem(fleet.enroll(good, Map.of("thingName", thing)), 400, "invalid-input", "csr");

        Response first = fleet.enroll(good, body);
        Response reused = fleet.enroll(good, body);

        assertThat(first.statusCode()).as("no failure above consumed the token: " + first.asString())
                .isEqualTo(201);
        Problems.assertProblem(reused, 403, "forbidden", "token");
        assertThat(reused.<String>path("detail")).contains("already used");
        assertThat(devices.history(thing)).hasSize(1);
        assertThat(Api.operator(url).get("/v1/tokens").asString()).doesNotContain(good, "jitpe_");
    }

    @Test
    void tokenCreation_badInput_isAProblemNamingTheField() {
        Enrollments fleet = Enrollments.fleet(url, "mint", false);

        Problems.assertProblem(fleet.mint(Map.of()), 400, "invalid-input", "thingName");
        Problems.assertProblem(fleet.mint(Map.of("thingPattern", "pump-[")), 400, "invalid-input",
                "thingPattern");
        Problems.assertProblem(fleet.mint(Map.of("thingName", "a", "uses", 3)), 400, "invalid-input", "uses");
        Problems.assertProblem(fleet.mint(Map.of("thingName", "a", "expiresInSeconds", 10)), 400,
                "invalid-input", "expiresInSeconds");
        Problems.assertProblem(fleet.mint(Map.of("thingName", "a", "fleet", "no-such-fleet")), 404, "not-found",
                null);
        Problems.assertProblem(Api.anonymous(url).contentType(ContentType.JSON)
                .body(Map.of("fleet", fleet.fleet(), "thingName", "a")).post("/v1/tokens"), 401, "unauthenticated",
                null);
        Response created = fleet.mint(Map.of("thingPattern", "line-[0-9]+", "uses", 2));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.<String>path("token")).startsWith("jitpe_");
        assertThat(Api.operator(url).get("/v1/tokens/" + created.path("id")).<String>path("token")).isNull();
    }

    @Test
    void patternToken_worksItsCountOfTimes_forMatchingNamesOnly() {
        Enrollments fleet = Enrollments.fleet(url, "pattern", false);
        String prefix = Fixtures.name("line");
        String token = fleet.mint(Map.of("thingPattern", prefix + "-[0-9]+", "uses", 2)).path("token");

        Response wrongName = fleet.enroll(token, csrBody("elsewhere-1"));
        Response one = fleet.enroll(token, csrBody(prefix + "-1"));
        Response two = fleet.enroll(token, csrBody(prefix + "-2"));
        Response three = fleet.enroll(token, csrBody(prefix + "-3"));

        Problems.assertProblem(wrongName, 403, "forbidden", "thingName");
        assertThat(one.statusCode()).as(one.asString()).isEqualTo(201);
        assertThat(two.statusCode()).as(two.asString()).isEqualTo(201);
        Problems.assertProblem(three, 403, "forbidden", "token");
    }

    @Test
    void oneToken_twoConcurrentEnrollments_exactlyOneWins() throws Exception {
        Enrollments fleet = Enrollments.fleet(url, "race", false);
        for (int round = 0; round < 5; round++) {
            String thing = Fixtures.name("racer");
            String token = fleet.token(thing);
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Response>> racers = List.of(1, 2).stream()
                    .map(i -> CompletableFuture.supplyAsync(() -> {
                        Map<String, Object> body = csrBody(thing);
                        try {
                            start.await(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return fleet.enroll(token, body);
                    })).toList();
            List<Integer> statuses = racers.stream().map(f -> f.orTimeout(60, TimeUnit.SECONDS).join().statusCode())
                    .sorted().toList();

            assertThat(statuses).containsExactly(201, 403);
            assertThat(devices.history(thing)).hasSize(1);
        }
    }

    @Test
    void revoke_connectedDevice_failsItsNextExchangeWithTheReason_neverConnected_isRegisteredRevoked()
            throws Exception {
        Enrollments fleet = Enrollments.fleet(url, "revoke", false);
        String connected = Fixtures.name("conn");
        String never = Fixtures.name("never");
        KeyPair key = Enrollments.key();
        Response enrolled = fleet.enroll(fleet.token(connected), Map.of("thingName", connected, "csr",
                Enrollments.csr(key, "CN=" + connected)));
        Response unused = fleet.enroll(fleet.token(never), csrBody(never));
        ExchangeRequest request = Enrollments.exchangeRequest(enrolled, key.getPrivate(), dir);
        exchange(request);

        Problems.assertProblem(revoke(connected, Map.of("confirm", "wrong")), 400, "invalid-input", "confirm");
        Response revoked = revoke(connected, Map.of("confirm", connected));
        Response again = revoke(connected, Map.of("confirm", connected));
        Response revokedNever = revoke(never, Map.of("confirm", never));

        assertThat(revoked.statusCode()).as(revoked.asString()).isEqualTo(200);
        assertThat(revoked.<String>path("status")).isEqualTo("REVOKED");
        assertThat(revoked.<List<String>>path("revoked")).containsExactly(enrolled.<String>path("certificateId"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.<List<String>>path("revoked")).isEmpty();
        assertThat(iot.describeCertificate(b -> b.certificateId(enrolled.path("certificateId")))
                .certificateDescription().status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(revokedNever.statusCode()).as(revokedNever.asString()).isEqualTo(200);
        assertThat(iot.describeCertificate(b -> b.certificateId(unused.path("certificateId")))
                .certificateDescription().status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(revocations.events()).contains(new DeviceRevoked(connected, enrolled.path("certificateId")),
                new DeviceRevoked(never, unused.path("certificateId")));
        assertThat(devices.findCurrent(connected)).isEmpty();

        try (CredentialsExchange exchange = CredentialsExchange.create(ExchangePolicy.DEFAULTS)) {
            exchange.markProvisioned(request.identity().certificateId());
            CompletionException failed = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> exchange.exchange(request).toCompletableFuture().join(), CompletionException.class);
            ExchangeFailure failure = (ExchangeFailure) failed.getCause();
            assertThat(failure.failureClass()).isEqualTo(FailureClass.FINAL);
            assertThat(failure.getMessage()).contains("not ACTIVE", "revoked");
            assertThat(failure.fix()).contains("jitp device enroll");
        }
        Problems.assertProblem(revoke(Fixtures.name("ghost"), Map.of("confirm", "x")), 404, "not-found", null);
    }

    @Test
    void rotatedFleet_enrollsWithTheNewCa_aPinnedTokenWithTheOldOne() {
        Enrollments fleet = Enrollments.fleet(url, "rotate", false);
        String oldId = Api.operator(url).get("/v1/cas/" + fleet.caName()).path("id");
        String pinned = fleet.mint(Map.of("thingName", "pinned-" + oldId.substring(0, 8), "ca", oldId))
                .path("token");
        Response rotated = Api.admin(url).contentType(ContentType.JSON).body(Map.of())
                .post("/v1/cas/" + fleet.caName() + "/rotation");
        assertThat(rotated.statusCode()).as(rotated.asString()).isEqualTo(200);
        String thing = Fixtures.name("after");

        Response enrolled = fleet.enroll(fleet.token(thing), csrBody(thing));
        Response old = fleet.enroll(pinned, csrBody("pinned-" + oldId.substring(0, 8)));

        assertThat(enrolled.statusCode()).as(enrolled.asString()).isEqualTo(201);
        assertThat(enrolled.<String>path("caId")).isEqualTo(rotated.path("id")).isNotEqualTo(oldId);
        assertThat(old.statusCode()).as(old.asString()).isEqualTo(201);
        assertThat(old.<String>path("caId")).isEqualTo(oldId);
    }

    private Map<String, Object> csrBody(String thing) {
        return Map.of("thingName", thing, "csr", Enrollments.csr(Enrollments.key(), "CN=" + thing));
    }

    /** An RSA-2048 key whose primes are neighbours, as the broken generators of CVE-2022-26320 made them. */
    private static KeyPair closePrimesRsaKey() throws GeneralSecurityException {
        BigInteger e = BigInteger.valueOf(65_537);
        BigInteger p;
        do {
            p = BigInteger.probablePrime(1024, new SecureRandom());
        } while (!p.testBit(1022) || !p.subtract(BigInteger.ONE).gcd(e).equals(BigInteger.ONE));
        BigInteger q = p.nextProbablePrime();
        while (!q.subtract(BigInteger.ONE).gcd(e).equals(BigInteger.ONE)) {
            q = q.nextProbablePrime();
        }
        BigInteger n = p.multiply(q);
        BigInteger d = e.modInverse(p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE)));
        KeyFactory factory = KeyFactory.getInstance("RSA");
        return new KeyPair(factory.generatePublic(new RSAPublicKeySpec(n, e)),
                factory.generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, p, q, d.mod(p.subtract(BigInteger.ONE)),
                        d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p))));
    }

    /** A CSR whose signature no longer verifies (one bit of the signature flipped). */
    private static String tampered(KeyPair key, String thing) {
        byte[] der = io.jitp.pki.Csr.parse(Enrollments.csr(key, "CN=" + thing).getBytes(), "csr").der();
        der[der.length - 1] ^= 1;
        return Pem.encode("CERTIFICATE REQUEST", der);
    }

    private Response revoke(String thing, Map<String, Object> body) {
        return Api.operator(url).contentType(ContentType.JSON).body(body).post("/v1/devices/" + thing + "/revoke");
    }

    private void expire(String secret) {
        database.transaction(connection -> {
            try (PreparedStatement update = connection
                    .prepareStatement("UPDATE enrollment_token SET expires_at = ? WHERE token_hash = ?")) {
                update.setLong(1, Instant.now().minusSeconds(1).toEpochMilli());
                update.setString(2, io.jitp.broker.security.ApiTokens.sha256(secret));
                return update.executeUpdate();
            }
        });
    }

    private static TemporaryCredentials exchange(ExchangeRequest request) {
        try (CredentialsExchange exchange = CredentialsExchange.create(ExchangePolicy.DEFAULTS)) {
            ExchangeResult result = exchange.exchange(request).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS)
                    .join();
            assertThat(result.attempts()).as("JITP's first-contact failure was absorbed").hasSizeGreaterThan(1);
            return result.credentials();
        }
    }

    private Endpoints endpoints() {
        return embedded.emulator().orElseThrow().endpoints();
    }

    private StsClient sts(TemporaryCredentials credentials) {
        return StsClient.builder()
                .endpointOverride(URI.create(endpoints().stsEndpoint()))
                .region(Region.of(endpoints().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
                .build();
    }
}
