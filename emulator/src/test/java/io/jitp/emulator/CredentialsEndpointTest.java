package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Outcome;
import io.jitp.emulator.fault.Surface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The credentials provider's authorisation chain (reference section 5.3), with the JDK HTTP client as the
 * device, and STS proving that the issued credentials are real.
 */
class CredentialsEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/DeviceRole";

    static MutableClock clock = new MutableClock();
    static Emulator emulator;
    static IotClient iot;
    static TestPki.Issued ca;
    static String alias;

    @BeforeAll
    static void start() {
        emulator = Emulator.start(EmulatorConfig.builder().clock(clock).provisioningDelay(Duration.ofMillis(100))
                .build());
        iot = SdkClients.iot(emulator.endpoints());
        ca = TestPki.ca("CN=" + EmulatorTestBase.unique("fleet-ca"));
        EmulatorTestBase.iot = iot;
        EmulatorTestBase.registerCa(ca, true, false, null);
        alias = EmulatorTestBase.unique("alias");
        iot.createRoleAlias(r -> r.roleAlias(alias).roleArn(ROLE).credentialDurationSeconds(900));
    }

    @AfterAll
    static void stop() {
        EmulatorTestBase.iot = null;
        iot.close();
        emulator.close();
    }

    /** A device certificate registered ACTIVE, attached to a thing, with a policy; returns the thing name. */
    private static Device provisioned(String policyDocument) {
        String thing = EmulatorTestBase.unique("thing");
        TestPki.Issued device = TestPki.leaf(thing, ca);
        String id = iot.registerCertificate(r -> r.certificatePem(device.certificatePem()).setAsActive(true))
                .certificateId();
        String arn = "arn:aws:iot:us-east-1:123456789012:cert/" + id;
        iot.createThing(r -> r.thingName(thing));
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(arn));
        if (policyDocument != null) {
            String policy = EmulatorTestBase.unique("policy");
            iot.createPolicy(r -> r.policyName(policy).policyDocument(policyDocument));
            iot.attachPolicy(r -> r.policyName(policy).target(arn));
        }
        return new Device(thing, id, device);
    }

    private record Device(String thing, String certificateId, TestPki.Issued key) {
        DeviceClient client() {
            return new DeviceClient(emulator.endpoints(), key, List.of(ca));
        }
    }

    private static String allow(String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "\"iot:AssumeRoleWithCertificate\",\"Resource\":\"" + resource + "\"}]}";
    }

    private static String aliasArn() {
        return "arn:aws:iot:us-east-1:123456789012:rolealias/" + alias;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void activeCertificate_getsCredentials_thatStsRecognises() throws Exception {
        Device device = provisioned(allow(aliasArn()));
        Instant before = Instant.now();

        HttpResponse<String> response = device.client().credentials(alias, device.thing());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(2048);
        JsonNode credentials = json(response).get("credentials");
        assertThat(credentials.get("accessKeyId").asText()).matches("ASIA[A-Z2-7]{16}");
        assertThat(credentials.get("secretAccessKey").asText()).hasSize(40);
        assertThat(credentials.get("sessionToken").asText()).isNotBlank();
        Instant expiration = Instant.parse(credentials.get("expiration").asText());
        assertThat(credentials.get("expiration").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(expiration).isBetween(before.plusSeconds(899), Instant.now().plusSeconds(900));
        try (StsClient sts = SdkClients.sts(emulator.endpoints(), credentials.get("accessKeyId").asText(),
                credentials.get("secretAccessKey").asText(), credentials.get("sessionToken").asText())) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertThat(identity.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/DeviceRole/"
                    + device.thing());
            assertThat(identity.account()).isEqualTo("123456789012");
            assertThat(identity.userId()).matches("AROA[A-Z2-7]{17}:" + device.thing());
        }
    }

    @Test
    void withoutThingName_theSessionIsNamedAfterTheCertificate() throws Exception {
        Device device = provisioned(allow("arn:aws:iot:us-east-1:123456789012:rolealias/*"));

        JsonNode credentials = json(device.client().credentials(alias, null)).get("credentials");

        try (StsClient sts = SdkClients.sts(emulator.endpoints(), credentials.get("accessKeyId").asText(),
                credentials.get("secretAccessKey").asText(), credentials.get("sessionToken").asText())) {
            assertThat(sts.getCallerIdentity().arn()).endsWith("/DeviceRole/" + device.certificateId());
        }
    }

    @Test
    void oneClient_manyRequests_overKeptAliveConnections() throws Exception {
        Device device = provisioned(allow(aliasArn()));
        DeviceClient client = device.client();

        for (int i = 0; i < 5; i++) {
            assertThat(client.credentials(alias, device.thing()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void wrongOrUnattachedThingName_isInvalidThingName() throws Exception {
        Device device = provisioned(allow(aliasArn()));
        String other = EmulatorTestBase.unique("other");
        iot.createThing(r -> r.thingName(other));

        HttpResponse<String> missing = device.client().credentials(alias, "no-such-thing");
        HttpResponse<String> unattached = device.client().credentials(alias, other);

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(json(missing).get("message").asText()).isEqualTo("Invalid thing name passed");
        assertThat(missing.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
        assertThat(unattached.statusCode()).isEqualTo(403);
        assertThat(json(unattached).get("message").asText()).isEqualTo("Invalid thing name passed");
    }

    @Test
    void policyWithoutAssumeRoleWithCertificate_isAccessDenied() throws Exception {
        Device publishOnly = provisioned("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"iot:Publish\",\"Resource\":\"*\"}]}");
        Device noPolicy = provisioned(null);
        Device otherAlias = provisioned(allow("arn:aws:iot:us-east-1:123456789012:rolealias/other"));
        Device denied = provisioned("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                + "\"iot:*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"iot:AssumeRoleWith*\","
                + "\"Resource\":\"" + aliasArn() + "\"}]}");

        for (Device device : List.of(publishOnly, noPolicy, otherAlias, denied)) {
            HttpResponse<String> response = device.client().credentials(alias, device.thing());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(json(response).get("message").asText()).isEqualTo("Access Denied");
        }
    }

    @Test
    void policyVariable_thingName_isResolved() throws Exception {
        String thingAlias = EmulatorTestBase.unique("perthing");
        Device device = provisioned(allow("arn:aws:iot:us-east-1:123456789012:rolealias/"
                + "${iot:Connection.Thing.ThingName}"));
        iot.createRoleAlias(r -> r.roleAlias(device.thing()).roleArn(ROLE));

        assertThat(device.client().credentials(device.thing(), device.thing()).statusCode()).isEqualTo(200);
        assertThat(device.client().credentials(device.thing(), null).statusCode()).isEqualTo(403);
        assertThat(device.client().credentials(thingAlias, device.thing()).statusCode()).isEqualTo(403);
    }

    @Test
    void missingRoleAlias_is404() throws Exception {
        Device device = provisioned(allow("*"));

        HttpResponse<String> response = device.client().credentials("no-such-alias", device.thing());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("message").asText()).isEqualTo("Role alias does not exist");
    }

    @Test
    void revokedOrInactiveCertificate_isRefused() throws Exception {
        Device revoked = provisioned(allow(aliasArn()));
        Device inactive = provisioned(allow(aliasArn()));
        iot.updateCertificate(r -> r.certificateId(revoked.certificateId()).newStatus(CertificateStatus.REVOKED));
        iot.updateCertificate(r -> r.certificateId(inactive.certificateId()).newStatus(CertificateStatus.INACTIVE));

        for (Device device : List.of(revoked, inactive)) {
            HttpResponse<String> response = device.client().credentials(alias, device.thing());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(json(response).get("message").asText()).isEqualTo("Certificate is invalid on this endpoint");
        }
    }

    @Test
    void unknownCertificate_withoutAnEligibleCa_isRefusedAndNotRegistered() throws Exception {
        TestPki.Issued stranger = TestPki.ca("CN=" + EmulatorTestBase.unique("stranger"));
        TestPki.Issued inactiveCa = TestPki.ca("CN=" + EmulatorTestBase.unique("inactive"));
        EmulatorTestBase.registerCa(inactiveCa, false, true, null);
        TestPki.Issued noAutoCa = TestPki.ca("CN=" + EmulatorTestBase.unique("noauto"));
        EmulatorTestBase.registerCa(noAutoCa, true, false, null);
        List<TestPki.Issued> cas = List.of(stranger, inactiveCa, noAutoCa);

        for (TestPki.Issued issuer : cas) {
            TestPki.Issued device = TestPki.leaf(EmulatorTestBase.unique("dev"), issuer);
            HttpResponse<String> response = new DeviceClient(emulator.endpoints(), device, List.of(issuer))
                    .credentials(alias, null);
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(json(response).get("message").asText()).isEqualTo("Certificate is invalid on this endpoint");
            assertThat(emulator.state().findCertificate(device.id())).isNull();
        }
    }

    @Test
    void jitr_unknownCertificateOfAnAutoRegisteringCa_isRegisteredPending_andTheConnectionClosed()
            throws Exception {
        TestPki.Issued jitrCa = TestPki.ca("CN=" + EmulatorTestBase.unique("jitr"));
        String caId = EmulatorTestBase.registerCa(jitrCa, true, true, null);
        TestPki.Issued device = TestPki.leaf(EmulatorTestBase.unique("dev"), jitrCa);
        DeviceClient client = new DeviceClient(emulator.endpoints(), device, List.of(jitrCa));

        assertThatThrownBy(() -> client.credentials(alias, null)).isInstanceOf(IOException.class);

        var listed = iot.listCertificatesByCA(r -> r.caCertificateId(caId)).certificates();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).status()).isEqualTo(CertificateStatus.PENDING_ACTIVATION);
        assertThat(listed.get(0).certificateMode()).isEqualTo(CertificateMode.DEFAULT);
        assertThatThrownBy(() -> client.credentials(alias, null)).isInstanceOf(IOException.class);
        assertThat(emulator.faults().count(Surface.CREDENTIALS, null, Outcome.CONNECTION_CLOSED))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void defaultModeCa_needsItsCertificateInTheChain_sniOnlyDoesNot() throws Exception {
        TestPki.Issued defaultCa = TestPki.ca("CN=" + EmulatorTestBase.unique("default"));
        String defaultId = EmulatorTestBase.registerCa(defaultCa, true, true, null);
        TestPki.Issued sniCa = TestPki.ca("CN=" + EmulatorTestBase.unique("sni"));
        String sniId = iot.registerCACertificate(r -> r.caCertificate(sniCa.certificatePem())
                .certificateMode(CertificateMode.SNI_ONLY).setAsActive(true).allowAutoRegistration(true))
                .certificateId();
        TestPki.Issued defaultDevice = TestPki.leaf("d1", defaultCa);
        TestPki.Issued sniDevice = TestPki.leaf("s1", sniCa);

        HttpResponse<String> withoutChain = new DeviceClient(emulator.endpoints(), defaultDevice, List.of())
                .credentials(alias, null);
        assertThatThrownBy(() -> new DeviceClient(emulator.endpoints(), sniDevice, List.of())
                .credentials(alias, null)).isInstanceOf(IOException.class);

        assertThat(withoutChain.statusCode()).isEqualTo(403);
        assertThat(iot.listCertificatesByCA(r -> r.caCertificateId(defaultId)).certificates()).isEmpty();
        assertThat(iot.listCertificatesByCA(r -> r.caCertificateId(sniId)).certificates())
                .singleElement()
                .satisfies(c -> assertThat(c.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY));
    }

    @Test
    void clientWithoutCertificate_failsTheHandshake() {
        assertThatThrownBy(() -> DeviceClient.send(DeviceClient.withoutCertificate(emulator.endpoints()),
                "https://" + emulator.endpoints().credentialsEndpoint(), alias, null))
                .isInstanceOfAny(SSLException.class, IOException.class);
    }

    @Test
    void unknownPath_is404_andOtherMethods405() throws Exception {
        Device device = provisioned(allow(aliasArn()));
        var client = java.net.http.HttpClient.newBuilder()
                .sslContext(DeviceClient.sslContext(java.nio.file.Path.of(emulator.endpoints().trustBundle()),
                        device.key(), List.of(ca)))
                .build();
        String base = "https://" + emulator.endpoints().credentialsEndpoint();

        var notFound = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/nothing"))
                .build(), HttpResponse.BodyHandlers.ofString());
        var post = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/role-aliases/"
                + alias + "/credentials")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void sts_refusesExpiredUnknownAndTamperedCredentials() throws Exception {
        Device device = provisioned(allow(aliasArn()));
        clock.shift(Duration.ofHours(-2));
        JsonNode old;
        try {
            old = json(device.client().credentials(alias, device.thing())).get("credentials");
        } finally {
            clock.shift(Duration.ZERO);
        }
        JsonNode fresh = json(device.client().credentials(alias, device.thing())).get("credentials");
        String key = fresh.get("accessKeyId").asText();
        String secret = fresh.get("secretAccessKey").asText();
        String token = fresh.get("sessionToken").asText();

        assertStsError(old.get("accessKeyId").asText(), old.get("secretAccessKey").asText(),
                old.get("sessionToken").asText(), 400, "ExpiredToken");
        assertStsError("ASIAAAAAAAAAAAAAAAAA", secret, token, 403, "InvalidClientTokenId");
        assertStsError(key, secret, token.substring(1), 403, "InvalidClientTokenId");
        assertStsError(key, secret.replace(secret.charAt(0), secret.charAt(0) == 'A' ? 'B' : 'A'), token, 403,
                "SignatureDoesNotMatch");
        try (StsClient root = SdkClients.sts(emulator.endpoints(), emulator.endpoints().accessKeyId(),
                emulator.endpoints().secretAccessKey(), null)) {
            assertThat(root.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::123456789012:root");
        }
    }

    private static void assertStsError(String key, String secret, String token, int status, String code) {
        try (StsClient sts = SdkClients.sts(emulator.endpoints(), key, secret, token)) {
            assertThatThrownBy(sts::getCallerIdentity)
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(status);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
                    });
        }
    }

    @Test
    void temporaryCredentials_cannotDriveTheControlPlane() throws Exception {
        Device device = provisioned(allow(aliasArn()));
        JsonNode credentials = json(device.client().credentials(alias, device.thing())).get("credentials");

        try (IotClient asDevice = SdkClients.iot(emulator.endpoints(), AwsSessionCredentials.create(
                credentials.get("accessKeyId").asText(), credentials.get("secretAccessKey").asText(),
                credentials.get("sessionToken").asText()))) {
            IotException error = EmulatorTestBase.assertAwsError(asDevice::listThings,
                    IotException.class, 403, "AccessDeniedException");
            assertThat(error.awsErrorDetails().errorMessage()).contains("assumed-role/DeviceRole/" + device.thing());
        }
    }

    @Test
    void injectedThrottling_is429_andCounted() throws Exception {
        Device device = provisioned(allow(aliasArn()));
        DeviceClient client = device.client();
        long before = emulator.faults().count(Surface.CREDENTIALS, CredentialsServiceAction.NAME,
                Outcome.INJECTED_THROTTLE);
        emulator.faults().set(Surface.CREDENTIALS, FaultSettings.NONE.withThrottle(1.0));
        HttpResponse<String> throttled;
        try {
            throttled = client.credentials(alias, device.thing());
        } finally {
            emulator.faults().set(Surface.CREDENTIALS, FaultSettings.NONE);
        }

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("x-amzn-ErrorType")).hasValue("ThrottlingException");
        assertThat(emulator.faults().count(Surface.CREDENTIALS, CredentialsServiceAction.NAME,
                Outcome.INJECTED_THROTTLE)).isEqualTo(before + 1);
        assertThat(client.credentials(alias, device.thing()).statusCode()).isEqualTo(200);
    }

    /** The operation name the credentials endpoint counts requests under. */
    private static final class CredentialsServiceAction {
        static final String NAME = io.jitp.emulator.credentials.CredentialsService.ACTION;
    }
}
