package io.jitp.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.KeyAndCertificate;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.KeyType;
import io.jitp.pki.RootCaRequest;
import io.jitp.pki.SubjectNames;

/** The exchange's values: device.json, endpoint addresses, request names, backoff bounds, redaction. */
class ExchangeValuesTest {

    @TempDir
    Path dir;

    static final CertificateAuthority CA = CertificateAuthority.create(new RootCaRequest(KeyType.P256,
            SubjectNames.parse("CN=Values Root", "subject"), Duration.ofDays(10)));

    static DeviceIdentity device() {
        KeyAndCertificate issued = CA.issueWithNewKey(KeyType.P256, "values-1", null, Duration.ofDays(1),
                IssuancePolicy.defaults());
        return new DeviceIdentity(issued.privateKey(), List.of(issued.certificate().certificate(),
                CA.certificate()));
    }

    @Test
    void deviceConfig_writtenAndRead_givesTheRequestWithTheChain() throws Exception {
        KeyAndCertificate issued = CA.issueWithNewKey(KeyType.P256, "pump-0001", null, Duration.ofDays(1),
                IssuancePolicy.defaults());
        KeyFiles.write(dir.resolve("deviceCert.key"), issued.privateKey(), null, false, "key");
        Files.writeString(dir.resolve("deviceCertAndCACert.crt"), issued.certificate().chainPem());
        Files.writeString(dir.resolve("AmazonRootCA1.pem"), CA.certificatePem());
        DeviceConfig.of("pump-0001", "c1abc.credentials.iot.us-east-1.amazonaws.com", "fleet", "us-east-1",
                "AmazonRootCA1.pem").write(dir, false);

        ExchangeRequest request = DeviceConfig.read(dir).request(dir, null);

        assertThat(Files.readString(dir.resolve("device.json"))).contains("\"version\" : 1",
                "\"chain\" : \"deviceCertAndCACert.crt\"").doesNotContain("serverName");
        assertThat(request.thingName()).isEqualTo("pump-0001");
        assertThat(request.roleAlias()).isEqualTo("fleet");
        assertThat(request.identity().chain()).hasSize(2);
        assertThat(request.identity().certificateId()).isEqualTo(issued.certificate().id());
        assertThat(request.endpoint().address()).isEqualTo("c1abc.credentials.iot.us-east-1.amazonaws.com:443");
        assertThat(request.endpoint().serverName()).isEqualTo("c1abc.credentials.iot.us-east-1.amazonaws.com");
        assertThat(request.endpoint().trustSource()).isEqualTo(dir.resolve("AmazonRootCA1.pem").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"credentialsEndpoint\":\"h:1\",\"trustBundle\":\"t.pem\"}|device.json: roleAlias|has no roleAlias",
            "{\"roleAlias\":\"a\",\"trustBundle\":\"t.pem\"}|device.json: credentialsEndpoint|"
                    + "has no credentialsEndpoint",
            "{\"roleAlias\":\"a\",\"credentialsEndpoint\":\"h:1\"}|device.json: trustBundle|has no trustBundle",
            "{\"version\":2,\"roleAlias\":\"a\",\"credentialsEndpoint\":\"h\",\"trustBundle\":\"t\"}"
                    + "|device.json: version|newer than this jitp reads",
            "{not json|device.json|is not a valid device configuration"})
    void deviceConfig_invalid_namesTheMember(String json, String field, String message) throws Exception {
        Files.writeString(dir.resolve("device.json"), json);

        JitpException error = catchThrowableOfType(JitpException.class, () -> DeviceConfig.read(dir));

        assertThat(error.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(error.field()).isEqualTo(field);
        assertThat(error.getMessage()).contains(message);
    }

    @Test
    void deviceConfig_unknownMembersAndMissingFiles_takeDefaults() throws Exception {
        Files.writeString(dir.resolve("device.json"), "{\"roleAlias\":\"a\",\"credentialsEndpoint\":\"h\","
                + "\"trustBundle\":\"/abs/root.pem\",\"later\":true}");

        DeviceConfig config = DeviceConfig.read(dir);

        assertThat(config.files()).isEqualTo(DeviceConfig.Files.DEFAULTS);
        assertThat(config.sendChain()).isTrue();
        assertThat(DeviceConfig.resolve(dir, config.trustBundle())).isEqualTo(Path.of("/abs/root.pem"));
    }

    @ParameterizedTest
    @CsvSource({"c1.credentials.iot.eu-west-1.amazonaws.com,c1.credentials.iot.eu-west-1.amazonaws.com,443",
            "https://Host.Example:8443/,host.example,8443", "127.0.0.1:4443,127.0.0.1,4443", "[::1]:9443,::1,9443"})
    void endpoint_addresses(String address, String host, int port) {
        CredentialsEndpoint endpoint = CredentialsEndpoint.parse(address, List.of(CA.certificate()), "test");

        assertThat(endpoint.host()).isEqualTo(host);
        assertThat(endpoint.port()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host:99999", "ht tp://x", "host:port"})
    void endpoint_invalidAddress_isRefusedNamingTheEndpoint(String address) {
        JitpException error = catchThrowableOfType(JitpException.class,
                () -> CredentialsEndpoint.parse(address, List.of(CA.certificate()), "test"));

        assertThat(error.field()).isEqualTo("endpoint");
    }

    @Test
    void request_roleAliasArnOrBadThingName_isRefused() {
        CredentialsEndpoint endpoint = CredentialsEndpoint.parse("h", List.of(CA.certificate()), "test");

        JitpException alias = catchThrowableOfType(JitpException.class, () -> new ExchangeRequest(device(), endpoint,
                "arn:aws:iot:us-east-1:123456789012:rolealias/fleet", null));
        JitpException thing = catchThrowableOfType(JitpException.class, () -> new ExchangeRequest(device(), endpoint,
                "fleet", "has space"));

        assertThat(alias.field()).isEqualTo("roleAlias");
        assertThat(alias.fix()).contains("not its ARN");
        assertThat(thing.field()).isEqualTo("thingName");
    }

    @Test
    void backoff_provisioningWaitsStayShortAndTransientOnesGrowAndHonourRetryAfter() {
        ExchangeBackoff backoff = new ExchangeBackoff(ExchangePolicy.DEFAULTS);
        ExchangeFailure provisioning = new ExchangeFailure(Reason.UNAVAILABLE, FailureClass.PROVISIONING,
                Check.PROVISIONING, 0, null, "closed", null, null, null, null);
        ExchangeFailure throttled = new ExchangeFailure(Reason.TOO_MANY_REQUESTS, FailureClass.TRANSIENT,
                Check.THROTTLING, 429, "Rate exceeded", "throttled", null, Duration.ofSeconds(3), null, null);

        long first = backoff.nextDelayInMillis(provisioning);
        long later = 0;
        for (int i = 0; i < 10; i++) {
            later = Math.max(later, backoff.nextDelayInMillis(provisioning));
        }
        long afterThrottle = backoff.nextDelayInMillis(throttled);

        assertThat(first).isBetween(50L, 100L);
        assertThat(later).isBetween(125L, 250L);
        assertThat(afterThrottle).isBetween(3000L, 5000L);
        assertThat(ExchangeBackoff.exponential(200, 40, 5000)).isEqualTo(5000);
    }

    @Test
    void secrets_neverAppearInToString() {
        TemporaryCredentials credentials = new TemporaryCredentials("ASIAEXAMPLE", "very-secret", "session-token",
                Instant.parse("2030-01-01T00:00:00Z"));
        DeviceIdentity identity = device();
        UpstreamAnswer answer = new UpstreamAnswer(200, null, null, "{\"secretAccessKey\":\"very-secret\"}", null);

        assertThat(credentials.toString()).contains("ASIAEXAMPLE").doesNotContain("very-secret", "session-token");
        assertThat(identity.toString()).doesNotContain("PRIVATE KEY").contains(identity.certificateId().value());
        assertThat(answer.toString()).doesNotContain("very-secret");
    }
}
