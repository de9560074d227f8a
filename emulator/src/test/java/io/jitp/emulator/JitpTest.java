package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import io.jitp.emulator.credentials.CredentialsService.FirstContact;
import io.jitp.emulator.fault.Outcome;
import io.jitp.emulator.fault.Surface;
import io.jitp.template.TemplateEngine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.RegistrationConfig;
import software.amazon.awssdk.services.iot.model.TemplateType;
import software.amazon.awssdk.services.iot.model.ThingAttribute;
import software.amazon.awssdk.services.sts.StsClient;

/** Just-in-time provisioning at the credentials endpoint, applied with the io.jitp.template engine. */
class JitpTest extends EmulatorTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::123456789012:role/DeviceRole";
    static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
            + "\"iot:AssumeRoleWithCertificate\",\"Resource\":\"arn:aws:iot:us-east-1:123456789012:rolealias/*\"}]}";

    /** Thing named after the CN with the organisation as an attribute, and a policy document. */
    static String template(String extraParameter) {
        return "{\"Parameters\":{\"AWS::IoT::Certificate::CommonName\":{\"Type\":\"String\"},"
                + "\"AWS::IoT::Certificate::Organization\":{\"Type\":\"String\"},"
                + (extraParameter == null ? "" : "\"" + extraParameter + "\":{\"Type\":\"String\"},")
                + "\"AWS::IoT::Certificate::Id\":{\"Type\":\"String\"}},"
                + "\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":"
                + "{\"Ref\":\"AWS::IoT::Certificate::CommonName\"},\"AttributePayload\":{\"org\":"
                + "{\"Ref\":\"AWS::IoT::Certificate::Organization\"}}}},"
                + "\"certificate\":{\"Type\":\"AWS::IoT::Certificate\",\"Properties\":{\"CertificateId\":"
                + "{\"Ref\":\"AWS::IoT::Certificate::Id\"},\"Status\":\"ACTIVE\"}},"
                + "\"policy\":{\"Type\":\"AWS::IoT::Policy\",\"Properties\":{\"PolicyDocument\":"
                + JSON.valueToTree(POLICY).toString() + "}}}}";
    }

    private static String alias() {
        String alias = unique("alias");
        iot.createRoleAlias(r -> r.roleAlias(alias).roleArn(ROLE));
        return alias;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private static CertificateStatus status(TestPki.Issued device) {
        return iot.describeCertificate(r -> r.certificateId(device.id())).certificateDescription().status();
    }

    @Test
    void firstContactFails_retryAfterProvisioningGetsCredentials() throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=" + unique("jitp-ca"));
        String caId = registerCa(ca, true, true, RegistrationConfig.builder().templateBody(template(null))
                .roleArn("arn:aws:iam::123456789012:role/JitpProvisioning").build());
        String alias = alias();
        String thing = unique("sensor");
        TestPki.Issued device = TestPki.leaf(thing, "O=Acme", ca);
        DeviceClient client = new DeviceClient(emulator.endpoints(), device, List.of(ca));
        long provisionedBefore = emulator.jitpProvisioned();

        assertThatThrownBy(() -> client.credentials(alias, thing)).isInstanceOf(IOException.class);
        assertThat(status(device)).isIn(CertificateStatus.PENDING_ACTIVATION, CertificateStatus.ACTIVE);
        await("the certificate is ACTIVE", () -> status(device) == CertificateStatus.ACTIVE);
        HttpResponse<String> retry = client.credentials(alias, thing);

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(emulator.jitpProvisioned()).isEqualTo(provisionedBefore + 1);
        String arn = "arn:aws:iot:us-east-1:123456789012:cert/" + device.id();
        assertThat(iot.describeThing(r -> r.thingName(thing)).attributes()).containsExactly(Map.entry("org", "Acme"));
        assertThat(iot.listThingPrincipals(r -> r.thingName(thing)).principals()).containsExactly(arn);
        assertThat(iot.listAttachedPolicies(r -> r.target(arn)).policies()).extracting(Policy::policyName)
                .containsExactly(TemplateEngine.policyNameOf(POLICY));
        assertThat(iot.describeCertificate(r -> r.certificateId(device.id())).certificateDescription()
                .caCertificateId()).isEqualTo(caId);
        JsonNode credentials = JSON.readTree(retry.body()).get("credentials");
        try (StsClient sts = SdkClients.sts(emulator.endpoints(), credentials.get("accessKeyId").asText(),
                credentials.get("secretAccessKey").asText(), credentials.get("sessionToken").asText())) {
            assertThat(sts.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::123456789012:assumed-role/DeviceRole/" + thing);
        }
    }

    @Test
    void namedJitpTemplate_isAppliedLikeAnInlineOne() throws Exception {
        String templateName = unique("jitp");
        iot.createProvisioningTemplate(r -> r.templateName(templateName).type(TemplateType.JITP)
                .templateBody(template(null)).provisioningRoleArn(ROLE).enabled(true));
        TestPki.Issued ca = TestPki.ca("CN=" + unique("named-ca"));
        registerCa(ca, true, true, RegistrationConfig.builder().templateName(templateName).build());
        String alias = alias();
        String thing = unique("meter");
        TestPki.Issued device = TestPki.leaf(thing, "O=Named", ca);
        DeviceClient client = new DeviceClient(emulator.endpoints(), device, List.of(ca));

        assertThatThrownBy(() -> client.credentials(alias, thing)).isInstanceOf(IOException.class);
        await("the certificate is ACTIVE", () -> status(device) == CertificateStatus.ACTIVE);

        assertThat(client.credentials(alias, thing).statusCode()).isEqualTo(200);
        assertThat(iot.describeThing(r -> r.thingName(thing)).attributes()).containsEntry("org", "Named");
    }

    @Test
    void templateTheCertificateCannotFill_leavesItPending_untilTheCaGetsAWorkingTemplate() throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=" + unique("strict-ca"));
        String caId = registerCa(ca, true, true, RegistrationConfig.builder()
                .templateBody(template("AWS::IoT::Certificate::Country")).roleArn(ROLE).build());
        String alias = alias();
        String thing = unique("nocountry");
        TestPki.Issued device = TestPki.leaf(thing, "O=Acme", ca);
        DeviceClient client = new DeviceClient(emulator.endpoints(), device, List.of(ca));
        long failedBefore = emulator.jitpFailed();

        assertThatThrownBy(() -> client.credentials(alias, thing)).isInstanceOf(IOException.class);
        await("the JITP attempt has failed", () -> emulator.jitpFailed() > failedBefore);

        assertThat(status(device)).isEqualTo(CertificateStatus.PENDING_ACTIVATION);
        assertThat(iot.listThings(r -> r.attributeName("org").attributeValue("Acme")).things())
                .extracting(ThingAttribute::thingName)
                .doesNotContain(thing);
        iot.updateCACertificate(r -> r.certificateId(caId).registrationConfig(c -> c.templateBody(template(null))
                .roleArn(ROLE)));
        assertThatThrownBy(() -> client.credentials(alias, thing)).isInstanceOf(IOException.class);
        await("the certificate is ACTIVE", () -> status(device) == CertificateStatus.ACTIVE);
        assertThat(client.credentials(alias, thing).statusCode()).isEqualTo(200);
    }

    @Test
    void forbiddenFirstContact_answers403_insteadOfClosing() throws Exception {
        try (Emulator forbidding = Emulator.start(EmulatorConfig.builder().firstContact(FirstContact.FORBIDDEN)
                .provisioningDelay(Duration.ofMillis(100)).build());
                IotClient client = SdkClients.iot(forbidding.endpoints())) {
            TestPki.Issued ca = TestPki.ca("CN=" + unique("forbid-ca"));
            String code = client.getRegistrationCode().registrationCode();
            client.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                    .verificationCertificate(TestPki.verification(code, ca).certificatePem()).setAsActive(true)
                    .allowAutoRegistration(true).registrationConfig(c -> c.templateBody(template(null))
                            .roleArn(ROLE)));
            client.createRoleAlias(r -> r.roleAlias("fleet").roleArn(ROLE));
            TestPki.Issued device = TestPki.leaf("forbidden-thing", "O=Acme", ca);
            DeviceClient device403 = new DeviceClient(forbidding.endpoints(), device, List.of(ca));

            HttpResponse<String> first = device403.credentials("fleet", "forbidden-thing");

            assertThat(first.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(first.body()).get("message").asText()).isEqualTo("Access Denied");
            await("the certificate is ACTIVE", () -> client.describeCertificate(r -> r.certificateId(device.id()))
                    .certificateDescription().status() == CertificateStatus.ACTIVE);
            assertThat(device403.credentials("fleet", "forbidden-thing").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void twoHundredNewDevicesAtOnce_areEachProvisionedExactlyOnce() throws Exception {
        int devices = 200;
        TestPki.Issued ca = TestPki.ca("CN=" + unique("fleet-ca"));
        String caId = registerCa(ca, true, true, RegistrationConfig.builder().templateBody(template(null))
                .roleArn(ROLE).build());
        String alias = alias();
        String fleet = unique("fleet");
        List<TestPki.Issued> keys = new ArrayList<>();
        List<DeviceClient> clients = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            TestPki.Issued device = TestPki.leaf(fleet + "-" + i, "O=" + fleet, ca);
            keys.add(device);
            clients.add(new DeviceClient(emulator.endpoints(), device, List.of(ca)));
        }
        long provisionedBefore = emulator.jitpProvisioned();
        long closedBefore = emulator.faults().count(Surface.CREDENTIALS, null, Outcome.CONNECTION_CLOSED);
        long okBefore = emulator.faults().count(Surface.CREDENTIALS, null, Outcome.OK);
        List<Integer> first;
        List<Integer> retry;
        ExecutorService pool = Executors.newFixedThreadPool(devices);
        try {
            first = all(pool, devices, i -> clients.get(i), fleet, alias);
            await("JITP has provisioned every device", () -> emulator.jitpProvisioned() - provisionedBefore == devices);
            retry = all(pool, devices, i -> clients.get(i), fleet, alias);
        } finally {
            pool.shutdownNow();
        }

        // The JDK client sends a GET once more when the server closes the connection without an answer, so a
        // device's first call may already succeed if provisioning finished in between; its first contact was
        // closed all the same, and every 200 the devices saw is one the emulator counted.
        assertThat(first).isSubsetOf(-1, 200);
        assertThat(retry).containsOnly(200);
        assertThat(emulator.jitpProvisioned() - provisionedBefore).isEqualTo(devices);
        assertThat(emulator.faults().count(Surface.CREDENTIALS, null, Outcome.CONNECTION_CLOSED) - closedBefore)
                .isGreaterThanOrEqualTo(devices);
        assertThat(emulator.faults().count(Surface.CREDENTIALS, null, Outcome.OK) - okBefore)
                .isEqualTo(devices + first.stream().filter(status -> status == 200).count());
        List<ThingAttribute> things = iot.listThingsPaginator(r -> r.attributeName("org").attributeValue(fleet))
                .things().stream().toList();
        assertThat(things).hasSize(devices).allSatisfy(t -> assertThat(t.version()).isEqualTo(1L));
        var certificates = iot.listCertificatesByCAPaginator(r -> r.caCertificateId(caId)).certificates().stream()
                .toList();
        assertThat(certificates).hasSize(devices)
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(CertificateStatus.ACTIVE));
        for (int i = 0; i < devices; i += 20) {
            String thing = fleet + "-" + i;
            String arn = "arn:aws:iot:us-east-1:123456789012:cert/" + keys.get(i).id();
            assertThat(iot.listThingPrincipals(r -> r.thingName(thing)).principals()).containsExactly(arn);
            assertThat(iot.listAttachedPolicies(r -> r.target(arn)).policies()).hasSize(1);
        }
    }

    private interface ClientOf {
        DeviceClient get(int index);
    }

    /** Sends one credentials request per device, all released at once; -1 stands for a failed connection. */
    private static List<Integer> all(ExecutorService pool, int devices, ClientOf clients, String fleet, String alias)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            int index = i;
            Callable<Integer> call = () -> {
                start.await();
                try {
                    return clients.get(index).credentials(alias, fleet + "-" + index).statusCode();
                } catch (IOException e) {
                    return -1;
                }
            };
            results.add(pool.submit(call));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get());
        }
        return statuses;
    }
}
