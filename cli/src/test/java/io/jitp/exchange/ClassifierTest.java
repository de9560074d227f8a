package io.jitp.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.jitp.error.Reason;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.KeyAndCertificate;
import io.jitp.pki.KeyType;
import io.vertx.core.Vertx;

/**
 * The rows of reference section 5.4 that the emulator does not produce (400 role errors, 429 with Retry-After,
 * 401, a malformed 200), and what the client puts on the wire (SNI, chain, thing name), against a scripted HTTPS
 * server on loopback. The rows the emulator does produce are in {@link CredentialsExchangeTest}.
 */
class ClassifierTest {

    static Vertx vertx;
    static CertificateAuthority deviceCa;
    static DeviceIdentity device;
    static ScriptedEndpoint server;

    @TempDir
    static Path dir;

    CredentialsExchange exchange;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        deviceCa = EmulatedAccount.newCa("scripted-devices");
        KeyAndCertificate issued = deviceCa.issueWithNewKey(KeyType.P256, "scripted-thing", null, Duration.ofDays(1),
                IssuancePolicy.defaults());
        device = new DeviceIdentity(issued.privateKey(), java.util.List.of(issued.certificate().certificate(),
                deviceCa.certificate()));
        server = new ScriptedEndpoint(vertx, deviceCa.certificate());
    }

    @AfterAll
    static void stop() {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @BeforeEach
    void client() {
        server.reset();
        exchange = CredentialsExchange.create(vertx, ExchangePolicy.DEFAULTS
                .withTransientDelays(Duration.ofMillis(20), Duration.ofMillis(200))
                .withRetryBudget(Duration.ofSeconds(3)));
        exchange.markProvisioned(device.certificateId());
    }

    ExchangeRequest request(String address, String thing) throws Exception {
        return new ExchangeRequest(device, CredentialsEndpoint.of(address, server.trustBundle(dir)), "fleet", thing);
    }

    ExchangeRequest request() throws Exception {
        return request("localhost:" + server.port(), "scripted-thing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "400|Unable to assume the role, or the role to assume does not exist|ROLE|credentials.iot.amazonaws.com",
            "400|The requested CredentialDurationSeconds exceeds the MaxSessionDuration set for the role|DURATION|"
                    + "MaxSessionDuration",
            "401|Unauthorized|REQUEST|describe-role-alias",
            "409|Conflict|REQUEST|describe-role-alias"})
    void refusals_areFinalAtTheFirstAttempt(int status, String message, Check check, String fixMentions)
            throws Exception {
        int before = server.requests();
        server.then(ScriptedEndpoint.Answer.of(status, message));

        ExchangeFailure failure = CredentialsExchangeTest.failure(exchange, request());

        assertThat(failure.failureClass()).isEqualTo(FailureClass.FINAL);
        assertThat(failure.check()).isEqualTo(check);
        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.upstreamMessage()).isEqualTo(message);
        assertThat(failure.getMessage()).contains(status + " " + message);
        assertThat(failure.fix()).contains(fixMentions);
        assertThat(server.requests()).isEqualTo(before + 1);
    }

    @Test
    void throttlingAndServerFaults_areRetriedAndRetryAfterIsHonoured() throws Exception {
        int before = server.requests();
        server.then(new ScriptedEndpoint.Answer(429, "{\"message\":\"Rate exceeded\"}", "1"),
                ScriptedEndpoint.Answer.of(503, "Service Unavailable"),
                ScriptedEndpoint.Answer.of(500, "Internal Failure"),
                ScriptedEndpoint.Answer.credentials(Instant.now().plusSeconds(3600)));
        CredentialsExchange patient = CredentialsExchange.create(vertx, ExchangePolicy.DEFAULTS
                .withTransientDelays(Duration.ofMillis(20), Duration.ofSeconds(2)));
        patient.markProvisioned(device.certificateId());

        ExchangeResult result = CredentialsExchangeTest.get(patient, request());

        assertThat(result.attempts()).extracting(Attempt::outcome)
                .containsExactly("429 Rate exceeded", "503 Service Unavailable", "500 Internal Failure", "200");
        assertThat(result.attempts()).extracting(Attempt::failureClass).containsExactly(FailureClass.TRANSIENT,
                FailureClass.TRANSIENT, FailureClass.TRANSIENT, null);
        assertThat(result.attempts().get(1).startedAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(result.credentials().accessKeyId()).isEqualTo("ASIASCRIPTED");
        assertThat(result.credentials().toString()).doesNotContain("s3cr3t").doesNotContain("token");
        assertThat(server.requests()).isEqualTo(before + 4);
        patient.close();
    }

    @Test
    void throttledThroughTheBudget_failsAsTooManyRequestsWithEveryAttempt() throws Exception {
        int before = server.requests();
        server.otherwise(ScriptedEndpoint.Answer.of(429, "Rate exceeded"));
        try {
            ExchangeFailure failure = CredentialsExchangeTest.failure(exchange, request());

            assertThat(failure.failureClass()).isEqualTo(FailureClass.FINAL);
            assertThat(failure.reason()).isEqualTo(Reason.TOO_MANY_REQUESTS);
            assertThat(failure.check()).isEqualTo(Check.THROTTLING);
            assertThat(failure.getMessage()).contains("throttled", "still failing after "
                    + failure.attempts().size() + " attempt(s)");
            assertThat(failure.attempts().size()).isGreaterThan(3);
            assertThat(server.requests() - before).isEqualTo(failure.attempts().size());
        } finally {
            server.otherwise(ScriptedEndpoint.Answer.of(500, "script exhausted"));
        }
    }

    @Test
    void malformed200_isFinal() throws Exception {
        server.then(new ScriptedEndpoint.Answer(200, "{\"credentials\":{\"accessKeyId\":\"A\"}}", null));

        ExchangeFailure failure = CredentialsExchangeTest.failure(exchange, request());

        assertThat(failure.check()).isEqualTo(Check.RESPONSE);
        assertThat(failure.getMessage()).contains("credentials.secretAccessKey is missing");
        assertThat(failure.attempts()).hasSize(1);
    }

    @Test
    void request_carriesSniTheThingNameAndTheChain() throws Exception {
        server.then(ScriptedEndpoint.Answer.credentials(Instant.now().plusSeconds(3600)));
        int index = server.seen().size();

        CredentialsExchangeTest.get(exchange, request());

        ScriptedEndpoint.Seen seen = server.seen().get(index);
        assertThat(seen.serverName()).isEqualTo("localhost");
        assertThat(seen.thingName()).isEqualTo("scripted-thing");
        assertThat(seen.clientChainLength()).isEqualTo(2);
    }

    @Test
    void serverNameOverride_reachesTheAddressWithTheNameInSniAndHost() throws Exception {
        server.then(ScriptedEndpoint.Answer.credentials(Instant.now().plusSeconds(3600)));
        int index = server.seen().size();
        ExchangeRequest base = request("127.0.0.1:" + server.port(), null);
        ExchangeRequest named = new ExchangeRequest(device.leafOnly(),
                base.endpoint().withServerName("credentials.example"), "fleet", null);

        CredentialsExchangeTest.get(exchange, named);

        ScriptedEndpoint.Seen seen = server.seen().get(index);
        assertThat(seen.serverName()).isEqualTo("credentials.example");
        assertThat(seen.host()).startsWith("credentials.example");
        assertThat(seen.thingName()).isNull();
        assertThat(seen.clientChainLength()).isEqualTo(1);
    }

    @Test
    void serverCertificateForAnotherName_isFinal() throws Exception {
        int before = server.requests();
        ExchangeRequest base = request("127.0.0.1:" + server.port(), "scripted-thing");
        ExchangeRequest wrong = new ExchangeRequest(device, base.endpoint().withServerName("elsewhere.example"),
                "fleet", "scripted-thing");

        ExchangeFailure failure = CredentialsExchangeTest.failure(exchange, wrong);

        assertThat(failure.check()).isEqualTo(Check.SERVER_NAME);
        assertThat(failure.getMessage()).contains("not valid for the name 'elsewhere.example'");
        assertThat(server.requests()).isEqualTo(before);
    }
}
