package io.jitp.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jitp.emulator.credentials.CredentialsService.FirstContact;
import io.jitp.error.Reason;
import io.jitp.pki.CertificateAuthority;
import io.vertx.core.Vertx;

import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The exchange against the in-process emulator: JITP's first failure absorbed, the classifier's answers to the
 * endpoint's real refusals, the cache and the single flight with exact upstream counts from the emulator.
 */
class CredentialsExchangeTest {

    /** Short windows so that final answers for new certificates come within a test's patience. */
    static final ExchangePolicy FAST = ExchangePolicy.DEFAULTS.withProvisioningWindow(Duration.ofSeconds(2))
            .withRetryBudget(Duration.ofSeconds(5));

    static EmulatedAccount account;
    static Vertx vertx;
    static CredentialsExchange exchange;

    @BeforeAll
    static void start() {
        account = EmulatedAccount.start(Duration.ofMillis(500), FirstContact.CLOSE);
        vertx = Vertx.vertx();
        exchange = CredentialsExchange.create(vertx, ExchangePolicy.DEFAULTS);
    }

    @AfterAll
    static void stop() {
        if (exchange != null) {
            exchange.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (account != null) {
            account.close();
        }
    }

    static ExchangeResult get(CredentialsExchange client, ExchangeRequest request) {
        return client.exchange(request).toCompletableFuture().orTimeout(90, TimeUnit.SECONDS).join();
    }

    static ExchangeFailure failure(CredentialsExchange client, ExchangeRequest request) {
        CompletionException error = catchThrowableOfType(CompletionException.class, () -> get(client, request));
        assertThat(error).as("the exchange should have failed").isNotNull();
        assertThat(error.getCause()).isInstanceOf(ExchangeFailure.class);
        return (ExchangeFailure) error.getCause();
    }

    /** A device that already got credentials once (known as provisioned). */
    static EmulatedAccount.Device provisionedDevice(CredentialsExchange client) {
        EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("known"));
        get(client, account.request(device));
        return device;
    }

    @Test
    void newDevice_firstCallClosedByJitp_isAbsorbedAndCredentialsWorkWithSts() {
        EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("sensor"));
        long callsBefore = account.credentialsCalls();
        long provisionedBefore = account.emulator().jitpProvisioned();

        ExchangeResult result = get(exchange, account.request(device));

        assertThat(result.source()).isEqualTo(ExchangeResult.Source.UPSTREAM);
        assertThat(result.attempts().get(0).failureClass()).isEqualTo(FailureClass.PROVISIONING);
        assertThat(result.attempts().get(0).outcome()).isEqualTo("connection closed without an answer");
        assertThat(result.attempts().get(result.attempts().size() - 1).outcome()).isEqualTo("200");
        assertThat(result.attempts()).allSatisfy(a -> assertThat(a.failureClass()).isIn(null,
                FailureClass.PROVISIONING));
        assertThat(account.credentialsCalls() - callsBefore).isEqualTo(result.attempts().size());
        assertThat(account.emulator().jitpProvisioned()).isEqualTo(provisionedBefore + 1);
        assertThat(result.took()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        try (StsClient sts = account.sts(result.credentials())) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo(EmulatedAccount.assumedRoleArn(device.thingName()));
        }
    }

    @Test
    void firstContactForbidden_403WithinTheWindowIsProvisioningInProgress() {
        try (EmulatedAccount forbidding = EmulatedAccount.start(Duration.ofMillis(300), FirstContact.FORBIDDEN);
                CredentialsExchange client = CredentialsExchange.create(vertx, ExchangePolicy.DEFAULTS)) {
            EmulatedAccount.Device device = forbidding.newDevice(EmulatedAccount.unique("forbidden"));

            ExchangeResult result = get(client, forbidding.request(device));

            assertThat(result.attempts().get(0).outcome()).isEqualTo("403 Access Denied");
            assertThat(result.attempts().get(0).failureClass()).isEqualTo(FailureClass.PROVISIONING);
            assertThat(forbidding.credentialsCalls()).isEqualTo(result.attempts().size());
        }
    }

    @Test
    void secondCall_isServedFromTheCacheWithoutReachingTheEndpoint() {
        EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("cached"));
        ExchangeResult first = get(exchange, account.request(device));
        long calls = account.credentialsCalls();
        long hits = exchange.stats().cacheHits();

        ExchangeResult second = get(exchange, account.request(device));

        assertThat(second.source()).isEqualTo(ExchangeResult.Source.CACHE);
        assertThat(second.credentials()).isEqualTo(first.credentials());
        assertThat(account.credentialsCalls()).isEqualTo(calls);
        assertThat(exchange.stats().cacheHits()).isEqualTo(hits + 1);
    }

    @Test
    void credentialsWithinTheRefreshMargin_areFetchedAgain() {
        String shortAlias = account.createRoleAlias(EmulatedAccount.unique("short"), 900);
        try (CredentialsExchange client = CredentialsExchange.create(vertx,
                ExchangePolicy.DEFAULTS.withRefreshMargin(Duration.ofMinutes(16)))) {
            EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("margin"));
            ExchangeRequest request = new ExchangeRequest(device.identity(), account.endpoint(), shortAlias,
                    device.thingName());
            get(client, request);
            long calls = account.credentialsCalls();

            ExchangeResult again = get(client, request);

            assertThat(again.source()).isEqualTo(ExchangeResult.Source.UPSTREAM);
            assertThat(again.attempts()).hasSize(1);
            assertThat(account.credentialsCalls()).isEqualTo(calls + 1);
        }
    }

    @Test
    void concurrentCallsForOneNewDevice_makeOneExchange() {
        try (CredentialsExchange client = CredentialsExchange.create(vertx, ExchangePolicy.DEFAULTS)) {
            EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("flight"));
            long calls = account.credentialsCalls();
            List<CompletableFuture<ExchangeResult>> callers = new ArrayList<>();

            for (int i = 0; i < 20; i++) {
                callers.add(client.exchange(account.request(device)).toCompletableFuture());
            }
            List<ExchangeResult> results = callers.stream().map(f -> f.orTimeout(60, TimeUnit.SECONDS).join())
                    .toList();

            assertThat(results).extracting(ExchangeResult::credentials).containsOnly(results.get(0).credentials());
            assertThat(client.stats().exchanges()).isEqualTo(1);
            assertThat(client.stats().joined()).isEqualTo(19);
            int attempts = results.get(0).attempts().size();
            assertThat(attempts).isGreaterThanOrEqualTo(2);
            assertThat(client.stats().upstreamCalls()).isEqualTo(attempts);
            assertThat(account.credentialsCalls() - calls).isEqualTo(attempts);
        }
    }

    @Test
    void unknownRoleAlias_isFinalAtOnceAndNotCached() {
        try (CredentialsExchange client = CredentialsExchange.create(vertx, ExchangePolicy.DEFAULTS)) {
            EmulatedAccount.Device device = provisionedDevice(client);
            String alias = EmulatedAccount.unique("later");
            ExchangeRequest request = new ExchangeRequest(device.identity(), account.endpoint(), alias,
                    device.thingName());
            long calls = account.credentialsCalls();

            ExchangeFailure failure = failure(client, request);

            assertThat(failure.failureClass()).isEqualTo(FailureClass.FINAL);
            assertThat(failure.check()).isEqualTo(Check.ROLE_ALIAS);
            assertThat(failure.reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(failure.status()).isEqualTo(404);
            assertThat(failure.getMessage()).contains("role alias '" + alias + "' does not exist",
                    "Role alias does not exist");
            assertThat(failure.fix()).contains("create-role-alias --role-alias " + alias);
            assertThat(failure.attempts()).hasSize(1);
            assertThat(account.credentialsCalls()).isEqualTo(calls + 1);

            account.createRoleAlias(alias, 3600);
            ExchangeResult afterFix = get(client, request);

            assertThat(afterFix.source()).isEqualTo(ExchangeResult.Source.UPSTREAM);
            assertThat(afterFix.attempts()).hasSize(1);
        }
    }

    @Test
    void thingNotAttached_knownCertificate_isFinalAtOnceNamingTheThing() {
        try (CredentialsExchange client = CredentialsExchange.create(vertx, ExchangePolicy.DEFAULTS)) {
            EmulatedAccount.Device device = provisionedDevice(client);
            String other = EmulatedAccount.unique("other");
            ExchangeRequest request = new ExchangeRequest(device.identity(), account.endpoint(),
                    account.roleAlias(), other);

            ExchangeFailure failure = failure(client, request);

            assertThat(failure.check()).isEqualTo(Check.THING);
            assertThat(failure.status()).isEqualTo(403);
            assertThat(failure.upstreamMessage()).isEqualTo("Invalid thing name passed");
            assertThat(failure.getMessage()).contains("'" + other + "'", device.certificateId());
            assertThat(failure.fix()).contains("attach-thing-principal");
            assertThat(failure.attempts()).hasSize(1);
        }
    }

    @Test
    void noPolicy_newCertificate_isRetriedThroughTheWindowThenFinalNamingThePolicy() {
        CertificateAuthority bare = EmulatedAccount.newCa("no-policy");
        account.registerCa(bare, EmulatedAccount.template(false));
        try (CredentialsExchange client = CredentialsExchange.create(vertx, FAST)) {
            EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("nopolicy"), bare);
            long calls = account.credentialsCalls();

            ExchangeFailure failure = failure(client, account.request(device));

            assertThat(failure.check()).isEqualTo(Check.POLICY);
            assertThat(failure.reason()).isEqualTo(Reason.FORBIDDEN);
            assertThat(failure.getMessage()).contains("Access Denied", "iot:AssumeRoleWithCertificate",
                    "still refused 2 s after the first attempt");
            assertThat(failure.fix()).contains("rolealias/" + account.roleAlias());
            assertThat(failure.attempts().get(0).failureClass()).isEqualTo(FailureClass.PROVISIONING);
            assertThat(failure.attempts().get(failure.attempts().size() - 1).startedAfter())
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(account.credentialsCalls() - calls).isEqualTo(failure.attempts().size());
        }
    }

    @Test
    void caWithoutTemplate_connectionKeepsClosing_isFinalNotProvisioned() {
        CertificateAuthority jitr = EmulatedAccount.newCa("jitr");
        account.registerCa(jitr, null);
        try (CredentialsExchange client = CredentialsExchange.create(vertx, FAST)) {
            EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("jitr"), jitr);

            ExchangeFailure failure = failure(client, account.request(device));

            assertThat(failure.check()).isEqualTo(Check.PROVISIONING);
            assertThat(failure.getMessage()).contains("kept closing the connection", device.certificateId(),
                    "was not provisioned");
            assertThat(failure.fix()).contains("JITP template");
            assertThat(failure.attempts()).allSatisfy(a -> assertThat(a.outcome())
                    .isEqualTo("connection closed without an answer"));
        }
    }

    @Test
    void unregisteredCa_403CertificateInvalid_isFinalAfterTheWindow() {
        CertificateAuthority unknown = EmulatedAccount.newCa("unknown");
        try (CredentialsExchange client = CredentialsExchange.create(vertx, FAST)) {
            EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("stray"), unknown);

            ExchangeFailure failure = failure(client, account.request(device));

            assertThat(failure.check()).isEqualTo(Check.CERTIFICATE);
            assertThat(failure.upstreamMessage()).isEqualTo("Certificate is invalid on this endpoint");
            assertThat(failure.fix()).contains("describe-certificate --certificate-id " + device.certificateId());
        }
    }

    @Test
    void revokedCertificate_nextExchangeFailsAtOnceWithTheReason() {
        try (CredentialsExchange client = CredentialsExchange.create(vertx, ExchangePolicy.DEFAULTS)) {
            EmulatedAccount.Device device = provisionedDevice(client);
            account.iot().updateCertificate(r -> r.certificateId(device.certificateId())
                    .newStatus(CertificateStatus.REVOKED));
            assertThat(client.invalidateCertificate(device.identity().certificateId())).isEqualTo(1);
            long calls = account.credentialsCalls();

            ExchangeFailure failure = failure(client, account.request(device));

            assertThat(failure.failureClass()).isEqualTo(FailureClass.FINAL);
            assertThat(failure.check()).isEqualTo(Check.CERTIFICATE);
            assertThat(failure.reason()).isEqualTo(Reason.FORBIDDEN);
            assertThat(failure.getMessage()).contains("does not accept certificate " + device.certificateId(),
                    "revoked");
            assertThat(failure.fix()).contains("jitp device enroll");
            assertThat(account.credentialsCalls()).isEqualTo(calls + 1);
        }
    }

    @Test
    void wrongTrustBundle_isFinalWithoutReachingTheEndpoint(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        CertificateAuthority stranger = EmulatedAccount.newCa("stranger");
        Path bundle = dir.resolve("other-root.pem");
        java.nio.file.Files.writeString(bundle, stranger.certificatePem());
        EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("trust"));
        CredentialsEndpoint endpoint = CredentialsEndpoint.of(account.emulator().endpoints().credentialsEndpoint(),
                bundle);
        long calls = account.credentialsCalls();

        ExchangeFailure failure = failure(exchange, new ExchangeRequest(device.identity(), endpoint,
                account.roleAlias(), device.thingName()));

        assertThat(failure.check()).isEqualTo(Check.TRUST);
        assertThat(failure.getMessage()).contains("does not chain to a root in " + bundle);
        assertThat(failure.fix()).contains("--ca-bundle");
        assertThat(failure.attempts()).hasSize(1);
        assertThat(account.credentialsCalls()).isEqualTo(calls);
    }

    @Test
    void nothingListening_isFinalNamingTheEndpoint() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("nowhere"));
        CredentialsEndpoint endpoint = CredentialsEndpoint.of("127.0.0.1:" + port,
                Path.of(account.emulator().endpoints().trustBundle()));

        ExchangeFailure failure = failure(exchange, new ExchangeRequest(device.identity(), endpoint,
                account.roleAlias(), device.thingName()));

        assertThat(failure.check()).isEqualTo(Check.ENDPOINT);
        assertThat(failure.getMessage()).isEqualTo("nothing accepts connections at 127.0.0.1:" + port);
        assertThat(failure.attempts()).hasSize(1);
    }
}
