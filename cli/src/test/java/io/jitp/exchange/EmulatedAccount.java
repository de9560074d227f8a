package io.jitp.exchange;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;

import io.jitp.emulator.Emulator;
import io.jitp.emulator.EmulatorConfig;
import io.jitp.emulator.Endpoints;
import io.jitp.emulator.credentials.CredentialsService.FirstContact;
import io.jitp.emulator.fault.Surface;
import io.jitp.pki.AtomicFiles;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.KeyAndCertificate;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.KeyType;
import io.jitp.pki.RootCaRequest;
import io.jitp.pki.SubjectNames;

import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.RegistrationConfig;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An AWS account on the in-process emulator, set up as an operator would with the real SDK {@link IotClient}: a
 * root CA from {@code io.jitp.pki} registered ACTIVE with auto-registration and a JITP template (thing named after
 * the CN, certificate ACTIVE, a policy allowing {@code iot:AssumeRoleWithCertificate} on every alias), and a role
 * alias. Devices are issued by that CA with fresh keys, as {@code jitp device enroll} will.
 */
public final class EmulatedAccount implements AutoCloseable {

    /** The role every alias here points at. */
    public static final String ROLE_ARN = "arn:aws:iam::123456789012:role/DeviceRole";
    /** The policy the JITP template attaches. */
    public static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:AssumeRoleWithCertificate\",\"Resource\":\"arn:aws:iot:us-east-1:123456789012:"
            + "rolealias/*\"}]}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Emulator emulator;
    private final IotClient iot;
    private final CertificateAuthority ca;
    private final String roleAlias;

    private EmulatedAccount(Emulator emulator) {
        this.emulator = emulator;
        this.iot = iotClient(emulator.endpoints());
        this.ca = CertificateAuthority.create(new RootCaRequest(KeyType.P256,
                SubjectNames.parse("CN=" + unique("fleet-ca") + ",O=Acme", "subject"), Duration.ofDays(365)));
        registerCa(ca, template(true));
        this.roleAlias = createRoleAlias(unique("fleet"), 3600);
    }

    /** An emulator with the given provisioning delay and first-contact behaviour, and a fleet CA registered. */
    public static EmulatedAccount start(Duration provisioningDelay, FirstContact firstContact) {
        return new EmulatedAccount(Emulator.start(EmulatorConfig.builder()
                .provisioningDelay(provisioningDelay)
                .firstContact(firstContact)
                .build()));
    }

    /** A name with a random suffix. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The JITP template: thing from the CN, certificate ACTIVE, and (optionally) the role-alias policy. */
    public static String template(boolean withPolicy) {
        String policy = withPolicy ? ",\"policy\":{\"Type\":\"AWS::IoT::Policy\",\"Properties\":{\"PolicyDocument\":"
                + JSON.valueToTree(POLICY) + "}}" : "";
        return "{\"Parameters\":{\"AWS::IoT::Certificate::CommonName\":{\"Type\":\"String\"},"
                + "\"AWS::IoT::Certificate::Id\":{\"Type\":\"String\"}},\"Resources\":{\"thing\":{\"Type\":"
                + "\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Ref\":\"AWS::IoT::Certificate::CommonName\"}}},"
                + "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{\"CertificateId\":"
                + "{\"Ref\":\"AWS::IoT::Certificate::Id\"},\"Status\":\"ACTIVE\"}}" + policy + "}}";
    }

    /** Registers another CA (DEFAULT mode, ACTIVE, auto-registration) with a template, or none (JITR). */
    public void registerCa(CertificateAuthority authority, String templateBody) {
        String code = iot.getRegistrationCode().registrationCode();
        KeyAndCertificate verification = authority.verificationCertificate(code, null);
        RegistrationConfig config = templateBody == null ? null
                : RegistrationConfig.builder().templateBody(templateBody)
                        .roleArn("arn:aws:iam::123456789012:role/JitpProvisioning").build();
        iot.registerCACertificate(r -> r.caCertificate(authority.certificatePem())
                .verificationCertificate(verification.certificate().pem())
                .setAsActive(true)
                .allowAutoRegistration(true)
                .registrationConfig(config)
                .certificateMode(CertificateMode.DEFAULT));
    }

    /** A new CA, not registered anywhere yet. */
    public static CertificateAuthority newCa(String name) {
        return CertificateAuthority.create(new RootCaRequest(KeyType.P256,
                SubjectNames.parse("CN=" + unique(name), "subject"), Duration.ofDays(365)));
    }

    /** Creates a role alias for {@link #ROLE_ARN}. */
    public String createRoleAlias(String name, int durationSeconds) {
        iot.createRoleAlias(r -> r.roleAlias(name).roleArn(ROLE_ARN).credentialDurationSeconds(durationSeconds));
        return name;
    }

    /** A device of the fleet CA: fresh P-256 key, CN = the thing name, presenting device + CA certificates. */
    public Device newDevice(String thingName) {
        return newDevice(thingName, ca);
    }

    /** A device of another CA. */
    public Device newDevice(String thingName, CertificateAuthority issuer) {
        KeyAndCertificate issued = issuer.issueWithNewKey(KeyType.P256, thingName, null, Duration.ofDays(30),
                IssuancePolicy.defaults());
        DeviceIdentity identity = new DeviceIdentity(issued.privateKey(),
                List.of(issued.certificate().certificate(), issuer.certificate()));
        return new Device(thingName, issued, identity);
    }

    /** The request of a device for the fleet alias. */
    public ExchangeRequest request(Device device) {
        return new ExchangeRequest(device.identity(), endpoint(), roleAlias, device.thingName());
    }

    /** The emulator's credentials endpoint, trusting its root. */
    public CredentialsEndpoint endpoint() {
        return CredentialsEndpoint.of(emulator.endpoints().credentialsEndpoint(),
                Path.of(emulator.endpoints().trustBundle()));
    }

    /**
     * Writes what {@code jitp device enroll} writes: deviceCert.key (0600), deviceCert.crt,
     * deviceCertAndCACert.crt, rootCA.pem and device.json (trust bundle: the emulator's root, by absolute path).
     */
    public Path writeDeviceDirectory(Device device, Path directory) throws Exception {
        Files.createDirectories(directory);
        KeyFiles.write(directory.resolve("deviceCert.key"), device.issued().privateKey(), null, true, "key");
        write(directory.resolve("deviceCert.crt"), device.issued().certificate().pem());
        write(directory.resolve("deviceCertAndCACert.crt"), device.issued().certificate().chainPem());
        write(directory.resolve("rootCA.pem"), device.issued().certificate().caCertificate() == null ? ""
                : io.jitp.pki.Pem.encode(device.issued().certificate().caCertificate()));
        DeviceConfig.of(device.thingName(), emulator.endpoints().credentialsEndpoint(), roleAlias,
                emulator.endpoints().region(), emulator.endpoints().trustBundle()).write(directory, true);
        return directory;
    }

    private static void write(Path file, String content) {
        AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8), AtomicFiles.PUBLIC, true, "file");
    }

    /**
     * Every request the credentials endpoint received, whatever its outcome, once each of them is counted: the
     * emulator counts a request when its connection is done with it, which may be just after the client saw the
     * answer, so this waits (at most 10 s) until every request that arrived has an outcome.
     */
    public long credentialsCalls() {
        Awaitility.await("every credentials request counted").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> emulator.faults().total(Surface.CREDENTIALS, null) >= emulator.faults()
                        .arrived(Surface.CREDENTIALS, null));
        return emulator.faults().total(Surface.CREDENTIALS, null);
    }

    /** An STS client with temporary credentials, pointed at the emulator. */
    public StsClient sts(TemporaryCredentials credentials) {
        return StsClient.builder()
                .endpointOverride(URI.create(emulator.endpoints().stsEndpoint()))
                .region(Region.of(emulator.endpoints().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    /** The assumed-role ARN STS answers for a thing's session. */
    public static String assumedRoleArn(String session) {
        return "arn:aws:sts::123456789012:assumed-role/DeviceRole/" + session;
    }

    public Emulator emulator() {
        return emulator;
    }

    public IotClient iot() {
        return iot;
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public String roleAlias() {
        return roleAlias;
    }

    @Override
    public void close() {
        iot.close();
        emulator.close();
    }

    private static IotClient iotClient(Endpoints endpoints) {
        return IotClient.builder()
                .endpointOverride(URI.create(endpoints.apiEndpoint()))
                .region(Region.of(endpoints.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoints.accessKeyId(), endpoints.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    /**
     * A device: its thing name, key and certificate as issued, and what it presents.
     *
     * @param thingName the thing name (the certificate's CN)
     * @param issued the key and certificate
     * @param identity the key with the device + CA chain
     */
    public record Device(String thingName, KeyAndCertificate issued, DeviceIdentity identity) {

        /** The AWS IoT certificate id. */
        public String certificateId() {
            return identity.certificateId().value();
        }
    }
}
