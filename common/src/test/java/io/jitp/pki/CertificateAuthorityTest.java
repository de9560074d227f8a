package io.jitp.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

class CertificateAuthorityTest {

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA2048", "P256", "P384"})
    void create_anyKeyType_makesRootWithCaProfile(KeyType type) throws Exception {
        RootCaRequest request = new RootCaRequest(type, SubjectNames.parse("CN=Test Root,O=Acme", "subject"),
                Duration.ofDays(1024));

        CertificateAuthority ca = CertificateAuthority.create(request);

        X509Certificate certificate = ca.certificate();
        JcaX509CertificateHolder holder = new JcaX509CertificateHolder(certificate);
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSerialNumber().signum()).isPositive();
        assertThat(certificate.getSerialNumber().bitLength()).isGreaterThan(64);
        assertThat(certificate.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(holder.getExtension(Extension.basicConstraints).isCritical()).isTrue();
        assertThat(holder.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(certificate.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false,
                false);
        byte[] ski = new JcaX509ExtensionUtils().createSubjectKeyIdentifier(certificate.getPublicKey())
                .getKeyIdentifier();
        assertThat(holder.getExtension(Extension.subjectKeyIdentifier)).isNotNull();
        assertThat(certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(org.bouncycastle.asn1.x509.SubjectKeyIdentifier.fromExtensions(holder.getExtensions())
                .getKeyIdentifier()).isEqualTo(ski);
        assertThat(org.bouncycastle.asn1.x509.AuthorityKeyIdentifier.fromExtensions(holder.getExtensions())
                .getKeyIdentifier()).isEqualTo(ski);
        assertThat(certificate.getSigAlgName()).isEqualToIgnoringCase(type.signatureAlgorithm());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("O=Acme,CN=Test Root");
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()))
                .isBetween(Duration.ofDays(1024), Duration.ofDays(1024).plusMinutes(6));
        certificate.verify(certificate.getPublicKey());
    }

    @Test
    void create_twice_givesDistinctRandomSerials() {
        CertificateAuthority first = CertificateAuthority.create(new RootCaRequest(KeyType.P256, null, null));
        CertificateAuthority second = CertificateAuthority.create(new RootCaRequest(KeyType.P256, null, null));

        assertThat(first.certificate().getSerialNumber()).isNotEqualTo(second.certificate().getSerialNumber());
    }

    @Test
    void of_matchingKeyAndCertificate_importsCa() {
        CertificateAuthority created = TestPki.ca(KeyType.P256);

        CertificateAuthority imported = CertificateAuthority.of(created.certificate(), created.privateKey());

        assertThat(imported.keyType()).isEqualTo(KeyType.P256);
        assertThat(imported.id()).isEqualTo(created.id());
    }

    @Test
    void of_keyOfAnotherCa_isRefusedAsMismatch() {
        CertificateAuthority ca = TestPki.ca(KeyType.RSA2048);
        KeyPair other = KeyType.RSA2048.generate();

        assertThatThrownBy(() -> CertificateAuthority.of(ca.certificate(), other.getPrivate()))
                .isInstanceOf(JitpException.class)
                .hasMessage("the private key does not match the CA certificate's public key")
                .extracting(e -> ((JitpException) e).field())
                .isEqualTo("caKey");
    }

    @Test
    void of_deviceCertificate_isRefusedAsNotCa() {
        CertificateAuthority ca = TestPki.ca(KeyType.P256);
        KeyAndCertificate device = ca.issueWithNewKey(KeyType.P256, "sensor-1", null, null, null);

        assertThatThrownBy(() -> CertificateAuthority.of(device.certificate().certificate(), device.privateKey()))
                .isInstanceOf(JitpException.class)
                .hasMessageStartingWith("the certificate is not a CA certificate: it lacks basicConstraints CA:TRUE");
    }

    @Test
    void verificationCertificate_registrationCode_isSignedByCaWithCodeAsCommonName() throws Exception {
        CertificateAuthority ca = TestPki.ca(KeyType.RSA2048);
        String code = "a".repeat(64);

        KeyAndCertificate verification = ca.verificationCertificate(code, null);

        X509Certificate certificate = verification.certificate().certificate();
        certificate.verify(ca.certificate().getPublicKey());
        assertThat(SubjectField.CN.valueIn(Certificates.subject(certificate))).contains(code);
        assertThat(KeyType.of(certificate.getPublicKey())).contains(KeyType.P256);
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(verification.toString()).contains("redacted").doesNotContain("PRIVATE");
    }

    @Test
    void verificationCertificate_codeWithSpaces_isRefused() {
        CertificateAuthority ca = TestPki.ca(KeyType.P256);

        assertThatThrownBy(() -> ca.verificationCertificate("not a code", null))
                .isInstanceOf(JitpException.class)
                .hasMessage("a registration code is 1 to 64 letters and digits");
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA2048", "P256"})
    void issue_csr_makesEndEntityCertificateWithDeviceProfile(KeyType deviceType) throws Exception {
        CertificateAuthority ca = TestPki.ca(KeyType.P256);
        Csr csr = Csr.build(deviceType.generate(), SubjectNames.parseDevice("CN=sensor-1,O=Acme", "subject"));

        IssuedCertificate issued = ca.issue(new IssueRequest(csr, null, Duration.ofDays(30), null));

        X509Certificate certificate = issued.certificate();
        JcaX509CertificateHolder holder = new JcaX509CertificateHolder(certificate);
        certificate.verify(ca.certificate().getPublicKey());
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(holder.getExtension(Extension.basicConstraints).isCritical()).isTrue();
        assertThat(holder.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(certificate.getKeyUsage()[0]).isTrue();
        assertThat(certificate.getKeyUsage()[2]).isEqualTo(deviceType.isRsa());
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_clientAuth.getId());
        assertThat(holder.getExtension(Extension.subjectKeyIdentifier)).isNotNull();
        assertThat(org.bouncycastle.asn1.x509.AuthorityKeyIdentifier.fromExtensions(holder.getExtensions())
                .getKeyIdentifier()).isEqualTo(org.bouncycastle.asn1.x509.SubjectKeyIdentifier
                        .fromExtensions(
                                new JcaX509CertificateHolder(ca.certificate()).getExtensions())
                        .getKeyIdentifier());
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(certificate.getSigAlgName()).isEqualToIgnoringCase("SHA256withECDSA");
        assertThat(issued.subjectFields()).containsEntry(SubjectField.CN, "sensor-1")
                .containsEntry(SubjectField.O, "Acme");
        assertThat(issued.id().value()).isEqualTo(CertificateId.of(certificate.getEncoded()).value()).hasSize(64);
    }

    @Test
    void issue_validityBeyondCa_isClippedToCaNotAfter() {
        CertificateAuthority ca = CertificateAuthority.create(new RootCaRequest(KeyType.P256, null,
                Duration.ofDays(10)));
        Csr csr = TestPki.csr(KeyType.P256, "CN=sensor-1");

        IssuedCertificate issued = ca.issue(new IssueRequest(csr, null, Duration.ofDays(365), null));

        assertThat(issued.notAfter()).isEqualTo(ca.certificate().getNotAfter().toInstant());
        assertThat(issued.notAfter()).isBefore(Instant.now().plus(Duration.ofDays(11)));
    }

    @Test
    void issue_thingNameGiven_becomesCommonNameWhenCsrHasNone() {
        CertificateAuthority ca = TestPki.ca(KeyType.P256);
        Csr csr = TestPki.csr(KeyType.P256, "O=Acme");

        IssuedCertificate issued = ca.issue(new IssueRequest(csr, "thing-7", null, null));

        assertThat(issued.subjectFields()).containsEntry(SubjectField.CN, "thing-7");
    }

    @Test
    void issue_policyFixedFields_areWrittenIntoEveryCertificate() {
        CertificateAuthority ca = TestPki.ca(KeyType.P256);
        IssuancePolicy policy = IssuancePolicy.defaults()
                .withFixedFields(java.util.Map.of(SubjectField.O, "Acme", SubjectField.C, "DE"));

        IssuedCertificate issued = ca.issue(new IssueRequest(TestPki.csr(KeyType.P256, "CN=s1,L=Berlin"), null,
                null, policy));

        assertThat(issued.subjectFields()).containsOnlyKeys(SubjectField.CN, SubjectField.O, SubjectField.C);
        assertThat(issued.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=s1,O=Acme,C=DE");
    }

    @Test
    void issue_tamperedCsr_isRefusedBeforeAnythingIsSigned() {
        CertificateAuthority ca = TestPki.ca(KeyType.P256);
        Csr tampered = Csr.parse(TestPki.tamperSignature(TestPki.csr(KeyType.P256, "CN=s1").der()), "csr");

        assertThatThrownBy(() -> ca.issue(new IssueRequest(tampered, null, null, null)))
                .isInstanceOf(JitpException.class)
                .hasMessageContaining("proof of possession failed")
                .extracting(e -> ((JitpException) e).reason())
                .isEqualTo(Reason.INVALID_INPUT);
    }

    @Test
    void toString_neverShowsThePrivateKey() {
        CertificateAuthority ca = TestPki.ca(KeyType.P256);

        assertThat(ca.toString()).contains("redacted").doesNotContain(List.of("PRIVATE KEY", "BEGIN"));
    }

    @Test
    void issueWithNewKey_thingName_givesKeyMatchingItsCertificate() throws Exception {
        CertificateAuthority ca = TestPki.ca(KeyType.RSA2048);

        KeyAndCertificate issued = ca.issueWithNewKey(KeyType.P384, "gateway-9",
                SubjectNames.parseDevice("O=Acme", "subject"), Duration.ofDays(7), null);

        X509Certificate certificate = issued.certificate().certificate();
        certificate.verify(ca.certificate().getPublicKey());
        assertThat(Keys.matches(issued.privateKey(), certificate.getPublicKey())).isTrue();
        assertThat(KeyType.of(certificate.getPublicKey())).contains(KeyType.P384);
        assertThat(issued.certificate().subjectFields()).containsEntry(SubjectField.CN, "gateway-9")
                .containsEntry(SubjectField.O, "Acme");
    }

    @Test
    void pkcs12_keyOfAnotherCertificate_isRefused() {
        CertificateAuthority ca = TestPki.ca(KeyType.P256);
        KeyAndCertificate device = ca.issueWithNewKey(KeyType.P256, "d1", null, null, null);

        assertThatThrownBy(() -> Bundles.pkcs12(KeyType.P256.generate().getPrivate(), List.of(device.certificate()
                .certificate(), ca.certificate()), "pw".toCharArray(), "d1"))
                .isInstanceOf(JitpException.class)
                .hasMessage("the private key does not belong to the first certificate");
    }
}
