package io.jitp.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jitp.error.JitpException;
import io.jitp.error.JitpException.Violation;
import io.jitp.pki.Csr;
import io.jitp.template.ProvisioningPlan.Prerequisite;
import io.jitp.template.ProvisioningPlan.Step.Action;

import com.fasterxml.jackson.databind.ObjectMapper;

class TemplateEngineTest {

    private static final String FULL_SUBJECT = "CN=dev-0001,O=Acme,OU=eu-plant7-line3,C=DE,ST=Bavaria,"
            + "SERIALNUMBER=SN-42,DN=batch-9";

    @Test
    void render_thingFromCommonName_namesTheThingAfterTheCertificate() throws Exception {
        X509Certificate certificate = TestDevices.certificate(FULL_SUBJECT);

        ProvisioningPlan plan = TemplateEngine.render(Goldens.template(Goldens.THING_FROM_COMMON_NAME),
                TemplateParameters.fromCertificate(certificate));

        String id = sha256(certificate.getEncoded());
        assertThat(plan.certificate()).isEqualTo(new ProvisioningPlan.Certificate("certificate", id, "ACTIVE",
                Map.of()));
        assertThat(plan.thing().thingName()).isEqualTo("dev-0001");
        assertThat(plan.policies()).containsExactly(new ProvisioningPlan.Policy("policy", "DevicePolicy", null, false));
        assertThat(plan.prerequisites()).containsExactly(new Prerequisite(Prerequisite.Kind.POLICY, "DevicePolicy"));
        assertThat(plan.parameters()).containsExactly(Map.entry("AWS::IoT::Certificate::CommonName", "dev-0001"),
                Map.entry("AWS::IoT::Certificate::Id", id));
        assertThat(plan.steps()).extracting(ProvisioningPlan.Step::action).containsExactly(
                Action.REGISTER_CERTIFICATE, Action.CREATE_THING, Action.ATTACH_POLICY,
                Action.ATTACH_THING_PRINCIPAL, Action.UPDATE_CERTIFICATE);
        assertThat(plan.steps()).extracting(ProvisioningPlan.Step::description).containsExactly(
                "AWS IoT registers certificate " + id + " as PENDING_ACTIVATION",
                "create thing dev-0001",
                "attach policy DevicePolicy to the certificate",
                "attach the certificate to thing dev-0001",
                "set the certificate to ACTIVE");
        assertThat(plan.steps()).extracting(ProvisioningPlan.Step::target).containsExactly(id, "dev-0001",
                "DevicePolicy", "dev-0001", id);
    }

    @Test
    void render_fixedPolicyByName_attachesBothPoliciesAndCreatesNoThing() {
        X509Certificate certificate = TestDevices.certificate("CN=anything");

        ProvisioningPlan plan = TemplateEngine.render(Goldens.template(Goldens.FIXED_POLICY_BY_NAME),
                TemplateParameters.fromCertificate(certificate));

        assertThat(plan.thing()).isNull();
        assertThat(plan.policies()).extracting(ProvisioningPlan.Policy::policyName)
                .containsExactly("jitp-assume-role-with-certificate", "FleetTelemetry");
        assertThat(plan.steps()).extracting(ProvisioningPlan.Step::action).containsExactly(
                Action.REGISTER_CERTIFICATE, Action.ATTACH_POLICY, Action.ATTACH_POLICY, Action.UPDATE_CERTIFICATE);
    }

    @Test
    void render_policyDocument_createsAPolicyNamedAfterTheDocumentHash() throws Exception {
        X509Certificate certificate = TestDevices.certificate("CN=dev-7");

        ProvisioningPlan plan = TemplateEngine.render(Goldens.template(Goldens.POLICY_DOCUMENT),
                TemplateParameters.fromCertificate(certificate));

        ProvisioningPlan.Policy policy = plan.policies().get(0);
        assertThat(policy.creates()).isTrue();
        assertThat(policy.nameDerived()).isTrue();
        assertThat(policy.policyDocument()).startsWith("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                + "\"Allow\",\"Action\":\"iot:AssumeRoleWithCertificate\"")
                .contains("client/${iot:Connection.Thing.ThingName}");
        assertThat(policy.policyName()).isEqualTo(sha256(policy.policyDocument().getBytes(StandardCharsets.UTF_8)))
                .hasSize(64);
        assertThat(plan.prerequisites()).isEmpty();
        assertThat(plan.steps()).extracting(ProvisioningPlan.Step::action).containsExactly(
                Action.REGISTER_CERTIFICATE, Action.CREATE_THING, Action.CREATE_POLICY, Action.ATTACH_POLICY,
                Action.ATTACH_THING_PRINCIPAL, Action.UPDATE_CERTIFICATE);
    }

    @Test
    void render_groupsAndAttributes_fillsThemFromSubjectFieldsAndDefaults() {
        X509Certificate certificate = TestDevices.certificate(FULL_SUBJECT);

        ProvisioningPlan plan = TemplateEngine.render(Goldens.template(Goldens.GROUPS_AND_ATTRIBUTES),
                TemplateParameters.fromCertificate(certificate));

        ProvisioningPlan.Thing thing = plan.thing();
        assertThat(thing.attributes()).containsExactly(Map.entry("channel", "stable"),
                Map.entry("manufacturer", "Acme"), Map.entry("serial", "SN-42"), Map.entry("site", "eu-plant7-line3"));
        assertThat(thing.thingTypeName()).isEqualTo("sensor");
        assertThat(thing.thingGroups()).containsExactly("eu-plant7-line3", "DE");
        assertThat(thing.billingGroup()).isEqualTo("fleet-standard");
        assertThat(thing.overrideFor(OverridableProperty.ATTRIBUTE_PAYLOAD)).isEqualTo(OverrideAction.MERGE);
        assertThat(thing.overrideFor(OverridableProperty.THING_GROUPS)).isEqualTo(OverrideAction.DO_NOTHING);
        assertThat(plan.certificate().overrideSettings()).containsExactly(
                Map.entry(OverridableProperty.STATUS, OverrideAction.REPLACE));
        assertThat(plan.prerequisites()).containsExactly(
                new Prerequisite(Prerequisite.Kind.THING_TYPE, "sensor"),
                new Prerequisite(Prerequisite.Kind.THING_GROUP, "eu-plant7-line3"),
                new Prerequisite(Prerequisite.Kind.THING_GROUP, "DE"),
                new Prerequisite(Prerequisite.Kind.BILLING_GROUP, "fleet-standard"),
                new Prerequisite(Prerequisite.Kind.POLICY, "DevicePolicy"));
        assertThat(plan.steps()).extracting(ProvisioningPlan.Step::action).containsSubsequence(
                Action.CREATE_THING, Action.ADD_THING_TO_THING_GROUP, Action.ADD_THING_TO_THING_GROUP,
                Action.ATTACH_POLICY);
        assertThat(plan.steps().get(1).description())
                .isEqualTo("create thing dev-0001 (type sensor, 4 attributes, billing group fleet-standard)");
    }

    @Test
    void render_joinAndSubNames_evaluatesEveryFunction() throws Exception {
        X509Certificate certificate = TestDevices.certificate(FULL_SUBJECT);

        ProvisioningPlan plan = TemplateEngine.render(Goldens.template(Goldens.JOIN_AND_SUB_NAMES),
                TemplateParameters.fromCertificate(certificate));

        assertThat(plan.thing().thingName()).isEqualTo("Acme_dev-0001");
        assertThat(plan.thing().attributes()).containsExactly(Map.entry("line", "plant7"),
                Map.entry("site", "Acme/eu-plant7-line3"));
        assertThat(plan.thing().thingGroups()).containsExactly("tier-eu");
        assertThat(plan.certificate().status()).isEqualTo("ACTIVE");
        String document = plan.policies().get(0).policyDocument();
        assertThat(new ObjectMapper().readTree(document).at("/Statement/0/Resource").asText())
                .isEqualTo("arn:aws:iot:eu-west-1:123456789012:client/${iot:ClientId}");
        assertThat(new ObjectMapper().readTree(document).at("/Statement/1/Resource").asText())
                .isEqualTo("arn:aws:iot:eu-west-1:123456789012:topic/Acme/*");
        assertThat(plan.policies().get(0).policyName()).isEqualTo(TemplateEngine.policyNameOf(document));
        assertThat(plan.parameters()).containsEntry("Region", "eu-west-1");
    }

    @Test
    void render_certificateWithoutDeclaredSubjectFields_namesEveryFieldToAdd() {
        X509Certificate certificate = TestDevices.certificate("CN=dev-1,O=Acme");

        assertThatThrownBy(() -> TemplateEngine.render(Goldens.template(Goldens.GROUPS_AND_ATTRIBUTES),
                TemplateParameters.fromCertificate(certificate)))
                .isInstanceOfSatisfying(JitpException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("the certificate cannot be provisioned with this template:"
                            + " 3 parameters have no value");
                    assertThat(e.violations()).extracting(Violation::pointer).containsExactly(
                            "/Parameters/AWS::IoT::Certificate::Country",
                            "/Parameters/AWS::IoT::Certificate::OrganizationalUnit",
                            "/Parameters/AWS::IoT::Certificate::SerialNumber");
                    assertThat(e.violations().get(0).message()).isEqualTo("the certificate's subject has no C"
                            + " (Country, OID 2.5.4.6), which the template declares as AWS::IoT::Certificate::Country");
                    assertThat(e.violations().get(0).fix()).startsWith("issue the certificate with C=... in its"
                            + " subject");
                    assertThat(e.violations().get(2).message()).contains("serialNumber (SerialNumber, OID 2.5.4.5)");
                });
    }

    @Test
    void render_defaultOnACertificateParameter_doesNotStandInForAMissingField() {
        ProvisioningTemplate template = withParameters(Map.of("AWS::IoT::Certificate::Country",
                TemplateParameter.string("US")));

        assertThatThrownBy(() -> TemplateEngine.render(template,
                TemplateParameters.fromCertificate(TestDevices.certificate("CN=dev-1"))))
                .isInstanceOfSatisfying(JitpException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> assertThat(v.message()).endsWith(
                                "(its Default does not stand in for a certificate value)")));
    }

    @Test
    void render_unusedDeclaredParameter_stillNeedsItsSubjectField() {
        ProvisioningTemplate template = withParameters(Map.of("AWS::IoT::Certificate::StateName",
                TemplateParameter.string()));

        assertThatThrownBy(() -> TemplateEngine.render(template,
                TemplateParameters.fromCertificate(TestDevices.certificate("CN=dev-1"))))
                .isInstanceOfSatisfying(JitpException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> assertThat(v.message()).startsWith("the certificate's subject has no ST")));
    }

    @Test
    void render_csr_leavesTheCertificateIdOpen() {
        TemplateParameters parameters = TemplateParameters.fromCsr(Csr.parse(
                TestDevices.csr("CN=dev-2").pem().getBytes(StandardCharsets.US_ASCII), "csr"));

        ProvisioningPlan plan = TemplateEngine.render(Goldens.template(Goldens.THING_FROM_COMMON_NAME), parameters);

        assertThat(plan.certificate().certificateId()).isNull();
        assertThat(plan.thing().thingName()).isEqualTo("dev-2");
        assertThat(plan.steps().get(0).target()).isNull();
        assertThat(plan.steps().get(0).description()).contains("its id is known once it is issued");
    }

    @Test
    void render_csrWithTheCertificateIdInAName_explainsTheIdIsNotKnownYet() throws Exception {
        ProvisioningTemplate template = TemplateCodec.parse(Goldens.text(Goldens.THING_FROM_COMMON_NAME)
                .replace("\"ThingName\": {\"Ref\": \"AWS::IoT::Certificate::CommonName\"}",
                        "\"ThingName\": {\"Ref\": \"AWS::IoT::Certificate::Id\"}"));

        assertThatThrownBy(() -> TemplateEngine.render(template,
                TemplateParameters.fromCsr(TestDevices.csr("CN=dev-2"))))
                .isInstanceOfSatisfying(JitpException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> {
                            assertThat(v.pointer()).isEqualTo("/Resources/thing/Properties/ThingName");
                            assertThat(v.message()).isEqualTo("AWS::IoT::Certificate::Id is known only once the"
                                    + " certificate is issued");
                        }));
    }

    @Test
    void render_csrWithoutADeclaredField_namesTheFieldToAddToTheCsr() {
        assertThatThrownBy(() -> TemplateEngine.render(Goldens.template(Goldens.JOIN_AND_SUB_NAMES),
                TemplateParameters.fromCsr(TestDevices.csr("CN=dev-2,OU=a-b"))))
                .isInstanceOfSatisfying(JitpException.class, e -> {
                    assertThat(e.getMessage()).startsWith("the CSR cannot be provisioned");
                    assertThat(e.violations()).singleElement().satisfies(v -> {
                        assertThat(v.message()).startsWith("the CSR's subject has no O (Organization, OID 2.5.4.10)");
                        assertThat(v.fix()).startsWith("add O=... to the CSR's subject");
                    });
                });
    }

    @Test
    void render_parameterMap_usesItsValuesAndTheDefaultsOfOtherParameters() {
        TemplateParameters parameters = TemplateParameters.of(Map.of(
                "AWS::IoT::Certificate::CommonName", "dev-3",
                "AWS::IoT::Certificate::Country", "FR",
                "AWS::IoT::Certificate::Organization", "Acme",
                "AWS::IoT::Certificate::OrganizationalUnit", "paris",
                "AWS::IoT::Certificate::SerialNumber", "SN-3",
                "AWS::IoT::Certificate::Id", "a".repeat(64),
                "FirmwareChannel", "beta"));

        ProvisioningPlan plan = TemplateEngine.render(Goldens.template(Goldens.GROUPS_AND_ATTRIBUTES), parameters);

        assertThat(plan.thing().attributes()).containsEntry("channel", "beta");
        assertThat(plan.thing().thingGroups()).containsExactly("paris", "FR");
        assertThat(plan.certificate().certificateId()).isEqualTo("a".repeat(64));
    }

    @Test
    void render_parameterMapWithoutTheCertificateId_asksForIt() {
        assertThatThrownBy(() -> TemplateEngine.render(Goldens.template(Goldens.THING_FROM_COMMON_NAME),
                TemplateParameters.of(Map.of("AWS::IoT::Certificate::CommonName", "dev-3"))))
                .isInstanceOfSatisfying(JitpException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> {
                            assertThat(v.pointer()).isEqualTo("/Parameters/AWS::IoT::Certificate::Id");
                            assertThat(v.message())
                                    .isEqualTo("no value for AWS::IoT::Certificate::Id (the certificate's"
                                            + " AWS IoT id: SHA-256 of its DER encoding)");
                        }));
    }

    @Test
    void render_parameterMapWithABadCertificateId_isRefused() {
        assertThatThrownBy(() -> TemplateEngine.render(Goldens.template(Goldens.THING_FROM_COMMON_NAME),
                TemplateParameters.of(Map.of("AWS::IoT::Certificate::CommonName", "dev-3",
                        "AWS::IoT::Certificate::Id", "1234"))))
                .isInstanceOfSatisfying(JitpException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> assertThat(v.message()).isEqualTo("'1234' is not a certificate id: a"
                                + " certificate id is 64 lowercase hex characters")));
    }

    @Test
    void render_commonNameThatIsNotAThingName_failsLikeAwsIotWould() {
        X509Certificate certificate = TestDevices.certificate("CN=Device 01");

        assertThatThrownBy(() -> TemplateEngine.render(Goldens.template(Goldens.THING_FROM_COMMON_NAME),
                TemplateParameters.fromCertificate(certificate)))
                .isInstanceOfSatisfying(JitpException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("JITP would fail for the certificate: 1 problem");
                    assertThat(e.violations()).singleElement().satisfies(v -> {
                        assertThat(v.pointer()).isEqualTo("/Resources/thing/Properties/ThingName");
                        assertThat(v.message()).isEqualTo("renders to 'Device 01', which AWS IoT refuses: a thing name"
                                + " is 1 to 128 characters: letters, digits, ':', '_' and '-'");
                    });
                });
    }

    @Test
    void render_selectBeyondTheSplitList_failsAtTheAttribute() {
        X509Certificate certificate = TestDevices.certificate("CN=dev-4,O=Acme,OU=plant");

        assertThatThrownBy(() -> TemplateEngine.render(Goldens.template(Goldens.JOIN_AND_SUB_NAMES),
                TemplateParameters.fromCertificate(certificate)))
                .isInstanceOfSatisfying(JitpException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> {
                            assertThat(v.pointer()).isEqualTo("/Resources/thing/Properties/AttributePayload/line");
                            assertThat(v.message())
                                    .isEqualTo("Fn::Select index 1 is out of bounds for [plant] (1 item)");
                        }));
    }

    @Test
    void render_mappingKeyMissingForTheValue_failsAtEachUse() {
        Map<String, String> values = new HashMap<>(Map.of("AWS::IoT::Certificate::CommonName", "dev-5",
                "AWS::IoT::Certificate::Organization", "Acme", "AWS::IoT::Certificate::OrganizationalUnit", "a-b",
                "AWS::IoT::Certificate::Id", "b".repeat(64)));
        values.put("Region", "us-east-1");

        assertThatThrownBy(() -> TemplateEngine.render(Goldens.template(Goldens.JOIN_AND_SUB_NAMES),
                TemplateParameters.of(values)))
                .isInstanceOfSatisfying(JitpException.class, e -> assertThat(e.violations())
                        .extracting(Violation::pointer, Violation::message)
                        .containsExactly(
                                tuple("/Resources/thing/Properties/ThingGroups",
                                        "mapping 'Tier' has no key 'us-east-1'"),
                                tuple("/Resources/policy/Properties/PolicyDocument",
                                        "mapping 'Tier' has no key 'us-east-1'")));
    }

    @Test
    void render_documentThatRendersToInvalidJson_failsAtThePolicyDocument() {
        ProvisioningTemplate template = TemplateCodec.parse(Goldens.text(Goldens.THING_FROM_COMMON_NAME)
                .replace("\"PolicyName\": \"DevicePolicy\"", "\"PolicyDocument\": {\"Fn::Sub\": \"{\\\"Version\\\":"
                        + " \\\"2012-10-17\\\", \\\"Statement\\\": {\\\"Effect\\\": \\\"Allow\\\", \\\"Action\\\":"
                        + " \\\"iot:Connect\\\", \\\"Resource\\\": \\\"${AWS::IoT::Certificate::CommonName}\\\"}}\"}"));
        TemplateParameters parameters = TemplateParameters.of(Map.of("AWS::IoT::Certificate::CommonName", "dev\"x",
                "AWS::IoT::Certificate::Id", "d".repeat(64)));

        assertThatThrownBy(() -> TemplateEngine.render(template, parameters))
                .isInstanceOfSatisfying(JitpException.class, e -> assertThat(e.violations())
                        .extracting(Violation::pointer)
                        .containsExactly("/Resources/thing/Properties/ThingName",
                                "/Resources/policy/Properties/PolicyDocument"));
    }

    @Test
    void fromCertificate_everySubjectField_givesAllEightParameters() {
        TemplateParameters parameters = TemplateParameters.fromCertificate(TestDevices.certificate(FULL_SUBJECT));

        assertThat(parameters.values().keySet()).containsExactlyInAnyOrderElementsOf(
                TemplateParameters.JITP_PARAMETERS);
        assertThat(parameters.values()).containsEntry("AWS::IoT::Certificate::DistinguishedNameQualifier", "batch-9")
                .containsEntry("AWS::IoT::Certificate::StateName", "Bavaria");
    }

    @Test
    void fromCertificatePem_notACertificate_isRefusedWithAHint() {
        String csr = TestDevices.csr("CN=x").pem();

        assertThatThrownBy(() -> TemplateParameters.fromCertificatePem(csr))
                .isInstanceOf(JitpException.class)
                .hasMessage("the device certificate holds no certificate (no CERTIFICATE block)");
        assertThatThrownBy(() -> TemplateParameters.fromCertificatePem("no pem here"))
                .isInstanceOf(JitpException.class)
                .hasMessageStartingWith("the device certificate contains no PEM block");
    }

    @Test
    void render_invalidTemplateBuiltInCode_isRefusedBeforeRendering() {
        ProvisioningTemplate template = new ProvisioningTemplate(Map.of(), Map.of("thing",
                ThingResource.named(Expression.text("t"))));

        assertThatThrownBy(() -> TemplateEngine.render(template, TemplateParameters.of(Map.of())))
                .isInstanceOf(JitpException.class)
                .hasMessage("the template has 1 problem");
    }

    private static ProvisioningTemplate withParameters(Map<String, TemplateParameter> extra) {
        Map<String, TemplateParameter> parameters = new HashMap<>(extra);
        parameters.put(ProvisioningTemplate.CERTIFICATE_ID_PARAMETER, TemplateParameter.string());
        return new ProvisioningTemplate(parameters, Map.of("certificate", CertificateResource.jitp("ACTIVE")));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
