package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.iot.model.AutoRegistrationStatus;
import software.amazon.awssdk.services.iot.model.CACertificate;
import software.amazon.awssdk.services.iot.model.CACertificateDescription;
import software.amazon.awssdk.services.iot.model.CACertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateConflictException;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStateException;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateValidationException;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.LimitExceededException;
import software.amazon.awssdk.services.iot.model.ListCertificatesResponse;
import software.amazon.awssdk.services.iot.model.RegistrationCodeValidationException;
import software.amazon.awssdk.services.iot.model.RegistrationConfig;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/** Registration code, CA certificates and device certificates through the AWS SDK for Java v2. */
class CertificateApiTest extends EmulatorTestBase {

    private static String sha256(byte[] der) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    @Test
    void registrationCode_deleteGivesANewOne() {
        String first = iot.getRegistrationCode().registrationCode();

        iot.deleteRegistrationCode(r -> {
        });
        assertAwsError(() -> iot.deleteRegistrationCode(r -> {
        }), ResourceNotFoundException.class, 404, "ResourceNotFoundException");
        String second = iot.getRegistrationCode().registrationCode();

        assertThat(first).matches("[0-9a-f]{64}");
        assertThat(second).matches("[0-9a-f]{64}").isNotEqualTo(first);
    }

    @Test
    void registerCaCertificate_defaultMode_describesEveryMember() throws Exception {
        TestPki.Issued ca = TestPki.ca("CN=" + unique("ca") + ",O=jitp");
        RegistrationConfig config = RegistrationConfig.builder()
                .templateBody(EmulatorTestBase.JITP_BODY)
                .roleArn("arn:aws:iam::123456789012:role/JitpRole")
                .build();

        String id = registerCa(ca, true, true, config);
        CACertificateDescription description = iot.describeCACertificate(r -> r.certificateId(id))
                .certificateDescription();

        assertThat(id).isEqualTo(sha256(ca.certificate().getEncoded()));
        assertThat(description.certificateArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:cacert/" + id);
        assertThat(description.status()).isEqualTo(CACertificateStatus.ACTIVE);
        assertThat(description.autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.ENABLE);
        assertThat(description.certificateMode()).isEqualTo(CertificateMode.DEFAULT);
        assertThat(description.ownedBy()).isEqualTo("123456789012");
        assertThat(description.customerVersion()).isEqualTo(1);
        assertThat(description.generationId()).isNotBlank();
        assertThat(description.certificatePem()).contains("BEGIN CERTIFICATE");
        assertThat(description.creationDate()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(description.validity().notAfter()).isEqualTo(ca.certificate().getNotAfter().toInstant());
        assertThat(iot.describeCACertificate(r -> r.certificateId(id)).registrationConfig()).isEqualTo(config);
    }

    @Test
    void registerCaCertificate_sniOnly_needsNoVerificationCertificate() {
        TestPki.Issued ca = TestPki.ca("CN=" + unique("sni"));

        String id = iot.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .certificateMode(CertificateMode.SNI_ONLY)).certificateId();

        CACertificateDescription description = iot.describeCACertificate(r -> r.certificateId(id))
                .certificateDescription();
        assertThat(description.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY);
        assertThat(description.status()).isEqualTo(CACertificateStatus.INACTIVE);
        assertThat(description.autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.DISABLE);
    }

    @Test
    void registerCaCertificate_wrongVerificationCn_isRegistrationCodeValidationException() {
        TestPki.Issued ca = TestPki.ca("CN=" + unique("ca"));
        TestPki.Issued verification = TestPki.verification("notTheRegistrationCode", ca);

        RegistrationCodeValidationException error = assertAwsError(() -> iot.registerCACertificate(
                r -> r.caCertificate(ca.certificatePem()).verificationCertificate(verification.certificatePem())),
                RegistrationCodeValidationException.class, 400, "RegistrationCodeValidationException");

        assertThat(error.awsErrorDetails().errorMessage()).contains("registration code");
    }

    @Test
    void registerCaCertificate_verificationSignedByAnotherKey_isCertificateValidationException() {
        String code = iot.getRegistrationCode().registrationCode();
        TestPki.Issued ca = TestPki.ca("CN=" + unique("ca"));
        TestPki.Issued forged = TestPki.forged("CN=" + code, ca);

        assertAwsError(() -> iot.registerCACertificate(
                r -> r.caCertificate(ca.certificatePem()).verificationCertificate(forged.certificatePem())),
                CertificateValidationException.class, 400, "CertificateValidationException");
    }

    @Test
    void registerCaCertificate_badInput_isRefusedWithItsOwnError() {
        TestPki.Issued ca = TestPki.ca("CN=" + unique("ca"));
        TestPki.Issued notCa = TestPki.leaf("leaf", ca);
        TestPki.Issued verification = TestPki.verification(iot.getRegistrationCode().registrationCode(), ca);

        assertAwsError(() -> iot.registerCACertificate(r -> r.caCertificate("garbage")),
                CertificateValidationException.class, 400, "CertificateValidationException");
        assertAwsError(() -> iot.registerCACertificate(r -> r.caCertificate(notCa.certificatePem())
                .certificateMode(CertificateMode.SNI_ONLY)), CertificateValidationException.class, 400,
                "CertificateValidationException");
        assertAwsError(() -> iot.registerCACertificate(r -> r.caCertificate(ca.certificatePem())),
                InvalidRequestException.class, 400, "InvalidRequestException");
        assertAwsError(() -> iot.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .verificationCertificate(verification.certificatePem())
                .certificateMode(CertificateMode.SNI_ONLY)), InvalidRequestException.class, 400,
                "InvalidRequestException");
        assertAwsError(() -> iot.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                .certificateMode(CertificateMode.SNI_ONLY)
                .registrationConfig(c -> c.templateName("no-such-template"))), ResourceNotFoundException.class, 404,
                "ResourceNotFoundException");
    }

    @Test
    void registerCaCertificate_invalidJitpTemplate_listsEveryProblem() {
        TestPki.Issued ca = TestPki.ca("CN=" + unique("ca"));
        String template = "{\"Parameters\":{},\"Resources\":{\"thing\":{\"Type\":\"AWS::IoT::Thing\","
                + "\"Properties\":{\"ThingName\":{\"Ref\":\"Undeclared\"}}}}}";

        InvalidRequestException error = assertAwsError(() -> registerCa(ca, true, true, RegistrationConfig.builder()
                .templateBody(template).roleArn("arn:aws:iam::123456789012:role/JitpRole").build()),
                InvalidRequestException.class, 400, "InvalidRequestException");

        assertThat(error.awsErrorDetails().errorMessage()).startsWith("registrationConfig.templateBody is not a "
                + "valid JITP template").contains("Undeclared").contains("/Resources/thing");
        assertThat(iot.listCACertificates().certificates()).extracting(CACertificate::certificateId)
                .doesNotContain(ca.id());
        assertAwsError(() -> registerCa(ca, true, true, RegistrationConfig.builder().templateBody(JITP_BODY)
                .roleArn("not-a-role").build()), InvalidRequestException.class, 400, "InvalidRequestException");
    }

    @Test
    void registerCaCertificate_twice_isResourceAlreadyExistsWithIdAndArn() {
        TestPki.Issued ca = TestPki.ca("CN=" + unique("ca"));
        String id = registerCa(ca, false, false, null);

        ResourceAlreadyExistsException error = assertAwsError(() -> registerCa(ca, false, false, null),
                ResourceAlreadyExistsException.class, 409, "ResourceAlreadyExistsException");

        assertThat(error.resourceId()).isEqualTo(id);
        assertThat(error.resourceArn()).endsWith(":cacert/" + id);
    }

    @Test
    void registerCaCertificate_eleventhWithOneSubject_isLimitExceeded() {
        String subject = "CN=" + unique("many");
        for (int i = 0; i < 10; i++) {
            TestPki.Issued ca = TestPki.ca(subject);
            iot.registerCACertificate(r -> r.caCertificate(ca.certificatePem())
                    .certificateMode(CertificateMode.SNI_ONLY));
        }
        TestPki.Issued eleventh = TestPki.ca(subject);

        assertAwsError(() -> iot.registerCACertificate(r -> r.caCertificate(eleventh.certificatePem())
                .certificateMode(CertificateMode.SNI_ONLY)), LimitExceededException.class, 410,
                "LimitExceededException");
        assertThat(iot.listCACertificatesPaginator(r -> r.pageSize(3)).certificates().stream()
                .map(CACertificate::certificateId)
                .distinct()
                .count()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void updateCaCertificate_changesStatusAutoRegistrationAndConfig() {
        String id = registerCa(TestPki.ca("CN=" + unique("ca")), false, false, null);

        iot.updateCACertificate(r -> r.certificateId(id)
                .newStatus(CACertificateStatus.ACTIVE)
                .newAutoRegistrationStatus(AutoRegistrationStatus.ENABLE)
                .registrationConfig(c -> c.templateBody(EmulatorTestBase.JITP_BODY)
                        .roleArn("arn:aws:iam::123456789012:role/R")));
        CACertificateDescription updated = iot.describeCACertificate(r -> r.certificateId(id))
                .certificateDescription();
        iot.updateCACertificate(r -> r.certificateId(id).removeAutoRegistration(true));

        assertThat(updated.status()).isEqualTo(CACertificateStatus.ACTIVE);
        assertThat(updated.autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.ENABLE);
        assertThat(updated.customerVersion()).isEqualTo(2);
        assertThat(iot.describeCACertificate(r -> r.certificateId(id)).registrationConfig()).isNull();
        assertAwsError(() -> iot.updateCACertificate(r -> r.certificateId("0".repeat(64))
                .newStatus(CACertificateStatus.ACTIVE)), ResourceNotFoundException.class, 404,
                "ResourceNotFoundException");
    }

    @Test
    void deleteCaCertificate_refusedWhileActive() {
        String id = registerCa(TestPki.ca("CN=" + unique("ca")), true, false, null);

        assertAwsError(() -> iot.deleteCACertificate(r -> r.certificateId(id)), CertificateStateException.class, 406,
                "CertificateStateException");
        iot.updateCACertificate(r -> r.certificateId(id).newStatus(CACertificateStatus.INACTIVE));
        iot.deleteCACertificate(r -> r.certificateId(id));

        assertAwsError(() -> iot.describeCACertificate(r -> r.certificateId(id)), ResourceNotFoundException.class,
                404, "ResourceNotFoundException");
    }

    @Test
    void listCaCertificates_filtersByTemplateName() {
        String template = unique("jitp");
        iot.createProvisioningTemplate(r -> r.templateName(template)
                .templateBody(EmulatorTestBase.JITP_BODY)
                .provisioningRoleArn("arn:aws:iam::123456789012:role/R")
                .type("JITP"));
        String id = registerCa(TestPki.ca("CN=" + unique("ca")), true, true,
                RegistrationConfig.builder().templateName(template).build());

        List<CACertificate> filtered = iot.listCACertificates(r -> r.templateName(template)).certificates();

        assertThat(filtered).extracting(CACertificate::certificateId).containsExactly(id);
    }

    @Test
    void registerCertificate_underActiveCa_inheritsModeAndStatus() {
        TestPki.Issued ca = TestPki.ca("CN=" + unique("ca"));
        String caId = registerCa(ca, true, false, null);
        TestPki.Issued device = TestPki.leaf(unique("dev"), ca);

        String id = iot.registerCertificate(r -> r.certificatePem(device.certificatePem())
                .caCertificatePem(ca.certificatePem())
                .setAsActive(true)).certificateId();
        CertificateDescription description = iot.describeCertificate(r -> r.certificateId(id))
                .certificateDescription();

        assertThat(description.caCertificateId()).isEqualTo(caId);
        assertThat(description.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(description.certificateMode()).isEqualTo(CertificateMode.DEFAULT);
        assertThat(description.certificateArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:cert/" + id);
        assertThat(iot.listCertificatesByCA(r -> r.caCertificateId(caId)).certificates())
                .extracting(c -> c.certificateId())
                .containsExactly(id);
    }

    @Test
    void registerCertificate_refusals() {
        TestPki.Issued ca = TestPki.ca("CN=" + unique("ca"));
        TestPki.Issued unregistered = TestPki.ca("CN=" + unique("unregistered"));
        registerCa(ca, false, false, null);
        TestPki.Issued device = TestPki.leaf(unique("dev"), ca);
        TestPki.Issued stranger = TestPki.leaf(unique("dev"), unregistered);
        TestPki.Issued expired = TestPki.expired("CN=old", ca);

        assertAwsError(() -> iot.registerCertificate(r -> r.certificatePem(device.certificatePem())),
                CertificateStateException.class, 406, "CertificateStateException");
        assertAwsError(() -> iot.registerCertificate(r -> r.certificatePem(stranger.certificatePem())),
                CertificateValidationException.class, 400, "CertificateValidationException");
        assertAwsError(() -> iot.registerCertificate(r -> r.certificatePem(expired.certificatePem())),
                CertificateValidationException.class, 400, "CertificateValidationException");
        assertAwsError(() -> iot.registerCertificateWithoutCA(r -> r.certificatePem(device.certificatePem())
                .status(CertificateStatus.PENDING_ACTIVATION)), CertificateStateException.class, 406,
                "CertificateStateException");
    }

    @Test
    void registerCertificate_ambiguousSigner_isCertificateConflict() {
        String subject = "CN=" + unique("twin");
        TestPki.Issued first = TestPki.ca(subject);
        TestPki.Issued twin = TestPki.sameKeyAs(first);
        registerCa(first, true, false, null);
        registerCa(twin, true, false, null);
        TestPki.Issued device = TestPki.leaf(unique("dev"), first);

        assertAwsError(() -> iot.registerCertificate(r -> r.certificatePem(device.certificatePem())),
                CertificateConflictException.class, 409, "CertificateConflictException");
        String id = iot.registerCertificate(r -> r.certificatePem(device.certificatePem())
                .caCertificatePem(twin.certificatePem())).certificateId();
        assertThat(iot.describeCertificate(r -> r.certificateId(id)).certificateDescription().status())
                .isEqualTo(CertificateStatus.INACTIVE);
    }

    @Test
    void registerCertificateWithoutCa_isSniOnly_andDuplicateIsRefused() {
        TestPki.Issued device = TestPki.leaf(unique("dev"), TestPki.ca("CN=" + unique("private")));

        String id = iot.registerCertificateWithoutCA(r -> r.certificatePem(device.certificatePem())
                .status(CertificateStatus.ACTIVE)).certificateId();
        CertificateDescription description = iot.describeCertificate(r -> r.certificateId(id))
                .certificateDescription();

        assertThat(description.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY);
        assertThat(description.caCertificateId()).isNull();
        assertAwsError(() -> iot.registerCertificateWithoutCA(r -> r.certificatePem(device.certificatePem())),
                ResourceAlreadyExistsException.class, 409, "ResourceAlreadyExistsException");
    }

    @Test
    void updateCertificate_revokedStaysRevoked() {
        TestPki.Issued device = TestPki.leaf(unique("dev"), TestPki.ca("CN=" + unique("private")));
        String id = iot.registerCertificateWithoutCA(r -> r.certificatePem(device.certificatePem())).certificateId();

        iot.updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.REVOKED));

        assertThat(iot.describeCertificate(r -> r.certificateId(id)).certificateDescription().status())
                .isEqualTo(CertificateStatus.REVOKED);
        assertAwsError(() -> iot.updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.ACTIVE)),
                CertificateStateException.class, 406, "CertificateStateException");
        assertAwsError(() -> iot.updateCertificate(r -> r.certificateId(id)
                .newStatus(CertificateStatus.PENDING_ACTIVATION)), InvalidRequestException.class, 400,
                "InvalidRequestException");
        assertAwsError(() -> iot.updateCertificate(r -> r.certificateId("ab".repeat(32))
                .newStatus(CertificateStatus.INACTIVE)), ResourceNotFoundException.class, 404,
                "ResourceNotFoundException");
    }

    @Test
    void deleteCertificate_followsTheDeleteRules() {
        TestPki.Issued device = TestPki.leaf(unique("dev"), TestPki.ca("CN=" + unique("private")));
        String id = iot.registerCertificateWithoutCA(r -> r.certificatePem(device.certificatePem())
                .status(CertificateStatus.ACTIVE)).certificateId();
        String arn = "arn:aws:iot:us-east-1:123456789012:cert/" + id;
        String thing = unique("thing");
        String policy = unique("policy");
        iot.createThing(r -> r.thingName(thing));
        iot.attachThingPrincipal(r -> r.thingName(thing).principal(arn));
        iot.createPolicy(r -> r.policyName(policy).policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}}"));
        iot.attachPolicy(r -> r.policyName(policy).target(arn));

        assertAwsError(() -> iot.deleteCertificate(r -> r.certificateId(id)), CertificateStateException.class, 406,
                "CertificateStateException");
        iot.updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.INACTIVE));
        assertAwsError(() -> iot.deleteCertificate(r -> r.certificateId(id)), DeleteConflictException.class, 409,
                "DeleteConflictException");
        iot.detachThingPrincipal(r -> r.thingName(thing).principal(arn));
        assertAwsError(() -> iot.deleteCertificate(r -> r.certificateId(id)), DeleteConflictException.class, 409,
                "DeleteConflictException");
        iot.deleteCertificate(r -> r.certificateId(id).forceDelete(true));

        assertAwsError(() -> iot.describeCertificate(r -> r.certificateId(id)), ResourceNotFoundException.class, 404,
                "ResourceNotFoundException");
        iot.deletePolicy(r -> r.policyName(policy));
    }

    @Test
    void listCertificates_paginatesWithMarkers_newestFirstByDefault() {
        TestPki.Issued ca = TestPki.ca("CN=" + unique("private"));
        for (int i = 0; i < 5; i++) {
            TestPki.Issued device = TestPki.leaf("page" + i, ca);
            iot.registerCertificateWithoutCA(r -> r.certificatePem(device.certificatePem()));
        }

        ListCertificatesResponse first = iot.listCertificates(r -> r.pageSize(2));
        ListCertificatesResponse second = iot.listCertificates(r -> r.pageSize(2).marker(first.nextMarker()));
        List<String> all = iot.listCertificatesPaginator(r -> r.pageSize(2)).certificates().stream()
                .map(c -> c.certificateId())
                .toList();
        List<String> ascending = iot.listCertificatesPaginator(r -> r.pageSize(2).ascendingOrder(true))
                .certificates().stream()
                .map(c -> c.certificateId())
                .toList();

        assertThat(first.certificates()).hasSize(2);
        assertThat(first.nextMarker()).matches("[A-Za-z0-9+/]+={0,2}");
        assertThat(second.certificates()).hasSize(2).doesNotContainAnyElementsOf(first.certificates());
        assertThat(all).hasSizeGreaterThanOrEqualTo(5).doesNotHaveDuplicates();
        List<String> reversed = new java.util.ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        assertThat(ascending).containsExactlyElementsOf(reversed);
        assertAwsError(() -> iot.listCertificates(r -> r.pageSize(0)), InvalidRequestException.class, 400,
                "InvalidRequestException");
    }
}
