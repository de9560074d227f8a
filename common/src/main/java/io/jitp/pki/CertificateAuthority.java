package io.jitp.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

import io.jitp.error.JitpException;

/**
 * A CA that jitp can sign with: its certificate and private key, checked to belong together. Thread-safe and
 * immutable. {@link #toString()} never shows the key.
 */
public final class CertificateAuthority {

    /** Validity of a verification certificate: it only has to outlive the RegisterCACertificate call. */
    public static final Duration VERIFICATION_VALIDITY = Duration.ofDays(30);

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final PrivateKey signingKey;
    private final KeyType keyType;
    private final X500Name subject;
    private final byte[] keyIdentifier;
    private final Instant notAfter;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, KeyType keyType) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.signingKey = Signing.prepare(keyType, privateKey);
        this.keyType = keyType;
        this.subject = Certificates.subject(certificate);
        this.keyIdentifier = subjectKeyIdentifier(certificate);
        this.notAfter = certificate.getNotAfter().toInstant();
    }

    /** Creates a new self-signed root CA with a fresh key. */
    public static CertificateAuthority create(RootCaRequest request) {
        KeyPair keyPair = request.keyType().generate();
        Instant now = Instant.now();
        SubjectPublicKeyInfo key = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
        X509CertificateHolder holder = CertificateProfiles.root(request.subject(), key,
                now.minus(CertificateProfiles.BACKDATE), now.plus(request.validity()),
                Signing.signer(request.keyType(), keyPair.getPrivate()));
        X509Certificate certificate = Certificates.fromDer(CertificateProfiles.der(holder), "the CA", "caCertificate");
        return new CertificateAuthority(certificate, keyPair.getPrivate(), request.keyType());
    }

    /**
     * Imports an existing CA, e.g. the rootCA.pem / rootCA.key pair of the manual openssl procedure. Refuses a
     * certificate that is not a CA, is outside its validity, has an unsupported key, or whose key is not the
     * given private key.
     */
    public static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        if (!Certificates.isCa(certificate)) {
            throw JitpException.invalid("caCertificate", "the certificate is not a CA certificate: it lacks "
                    + (certificate.getBasicConstraints() < 0 ? "basicConstraints CA:TRUE" : "keyUsage keyCertSign"),
                    "give the CA certificate (e.g. rootCA.pem), not a device or verification certificate");
        }
        Instant now = Instant.now();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw JitpException.invalid("caCertificate", "the CA certificate expired on "
                    + certificate.getNotAfter().toInstant(), "renew the CA or create a new one");
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw JitpException.invalid("caCertificate", "the CA certificate is not valid before "
                    + certificate.getNotBefore().toInstant(), "check the system clock");
        }
        KeyType type = KeyType.of(certificate.getPublicKey())
                .orElseThrow(() -> JitpException.invalid("caCertificate", "the CA key type " + KeyType.describe(
                        certificate.getPublicKey()) + " is not supported", "use a CA with one of " + KeyType.labels()));
        if (!Keys.matches(privateKey, certificate.getPublicKey())) {
            throw JitpException.invalid("caKey", "the private key does not match the CA certificate's public key",
                    "give the key the CA certificate was made for");
        }
        return new CertificateAuthority(certificate, privateKey, type);
    }

    /** Imports a CA from its certificate (PEM or DER) and private key (any form openssl writes). */
    public static CertificateAuthority load(byte[] certificate, byte[] key, char[] password) {
        X509Certificate parsed = Pem.certificate(certificate, "the CA certificate", "caCertificate");
        return of(parsed, KeyFiles.parse(key, password, "caKey").key());
    }

    /**
     * A verification certificate for RegisterCACertificate in DEFAULT mode: CN = the registration code, a fresh
     * P-256 key, signed by this CA.
     *
     * @param registrationCode what GetRegistrationCode returned
     * @param validity its validity, clipped to the CA's; {@code null} for {@link #VERIFICATION_VALIDITY}
     */
    public KeyAndCertificate verificationCertificate(String registrationCode, Duration validity) {
        if (registrationCode == null || !registrationCode.matches("[A-Za-z0-9]{1,64}")) {
            throw JitpException.invalid("registrationCode", "a registration code is 1 to 64 letters and digits",
                    "give the code 'aws iot get-registration-code' prints");
        }
        KeyPair keyPair = KeyType.P256.generate();
        X500Name name = SubjectNames.build(Map.of(SubjectField.CN, registrationCode));
        SubjectPublicKeyInfo key = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
        IssuedCertificate issued = sign(name, key, validity == null ? VERIFICATION_VALIDITY : validity, false);
        return new KeyAndCertificate(issued, keyPair.getPrivate());
    }

    /**
     * Issues a device certificate from a CSR: checks the CSR signature (proof of possession), enforces the
     * policy, builds the subject from it and signs.
     */
    public IssuedCertificate issue(IssueRequest request) {
        Csr csr = request.csr().verifyProofOfPossession("csr");
        X500Name subject = request.policy().enforce(csr.subject(), csr.publicKeyInfo(), request.thingName(),
                request.validity());
        return sign(subject, csr.publicKeyInfo(), request.validity(), true);
    }

    /**
     * Issues a device certificate for a key generated here (server-side key generation), under the policy.
     *
     * @param requested the subject asked for; CN may be left out, the thing name fills it
     */
    public KeyAndCertificate issueWithNewKey(KeyType type, String thingName, X500Name requested, Duration validity,
            IssuancePolicy policy) {
        Objects.requireNonNull(thingName, "thingName");
        KeyPair keyPair = type.generate();
        SubjectPublicKeyInfo key = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
        Duration days = validity == null ? IssueRequest.DEFAULT_VALIDITY : validity;
        IssuancePolicy rules = policy == null ? IssuancePolicy.defaults() : policy;
        X500Name subject = rules.enforce(requested == null ? new X500Name(new RDN[0])
                : requested, key, thingName, days);
        return new KeyAndCertificate(sign(subject, key, days, true), keyPair.getPrivate());
    }

    private IssuedCertificate sign(X500Name name, SubjectPublicKeyInfo key, Duration validity, boolean clientAuth) {
        Instant now = Instant.now();
        Instant notBefore = latest(now.minus(CertificateProfiles.BACKDATE), certificate.getNotBefore().toInstant());
        Instant end = now.plus(validity);
        Instant clipped = end.isAfter(notAfter) ? notAfter : end;
        X509CertificateHolder holder = CertificateProfiles.endEntity(subject, keyIdentifier, name, key, notBefore,
                clipped, clientAuth, Signing.signer(keyType, signingKey));
        return new IssuedCertificate(holder, certificate);
    }

    /** The CA certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The CA key type, which fixes the signature algorithm of everything it signs. */
    public KeyType keyType() {
        return keyType;
    }

    /** The AWS IoT id of the CA certificate ({@code caCertificateId}). */
    public CertificateId id() {
        return CertificateId.of(certificate);
    }

    /** The CA certificate as PEM (rootCA.pem). */
    public String certificatePem() {
        return Pem.encode(certificate);
    }

    @Override
    public String toString() {
        return "CertificateAuthority[subject=" + subject + ", keyType=" + keyType + ", id=" + id()
                + ", privateKey=(redacted)]";
    }

    private static byte[] subjectKeyIdentifier(X509Certificate certificate) {
        try {
            JcaX509CertificateHolder holder = new JcaX509CertificateHolder(certificate);
            Extension extension = holder.getExtension(Extension.subjectKeyIdentifier);
            if (extension != null) {
                return SubjectKeyIdentifier.getInstance(extension.getParsedValue()).getKeyIdentifier();
            }
            return CertificateProfiles.keyIdentifier(holder.getSubjectPublicKeyInfo());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot read the CA certificate", e);
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
