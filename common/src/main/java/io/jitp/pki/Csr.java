package io.jitp.pki;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import io.jitp.error.JitpException;

/** A PKCS#10 certificate signing request: built on a device, parsed and checked by the issuer. */
public final class Csr {

    /** Signature algorithms refused on a CSR: a SHA-1 or MD5 signature proves nothing today. */
    private static final Set<ASN1ObjectIdentifier> WEAK_SIGNATURES = Set.of(PKCSObjectIdentifiers.md5WithRSAEncryption,
            PKCSObjectIdentifiers.sha1WithRSAEncryption, X9ObjectIdentifiers.ecdsa_with_SHA1);

    private final PKCS10CertificationRequest request;

    private Csr(PKCS10CertificationRequest request) {
        this.request = request;
    }

    /**
     * Builds and signs a CSR for a key pair; the signature algorithm follows the key.
     *
     * @param keyPair a key pair of one of the {@link KeyType}s
     * @param subject the requested subject
     */
    public static Csr build(KeyPair keyPair, X500Name subject) {
        KeyType type = KeyType.of(keyPair.getPublic())
                .orElseThrow(() -> JitpException.invalid("keyType", "unsupported key " + KeyType.describe(
                        keyPair.getPublic()), "use one of " + KeyType.labels()));
        PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic())
                .build(Signing.signer(type, keyPair.getPrivate()));
        return new Csr(request);
    }

    /**
     * Parses a CSR written as PEM ({@code CERTIFICATE REQUEST}, or the older {@code NEW CERTIFICATE REQUEST}) or
     * as DER. The signature is not checked here: see {@link #verifyProofOfPossession(String)}.
     */
    public static Csr parse(byte[] content, String field) {
        byte[] der = Pem.looksLikeDer(content) ? content : Pem.singleBlock(content, "CERTIFICATE REQUEST");
        if (der != null) {
            try {
                return new Csr(new PKCS10CertificationRequest(der));
            } catch (IOException | RuntimeException e) {
                throw JitpException.invalid(field, "the CSR is not a valid PKCS#10 request (its ASN.1 does not decode)",
                        "give the CSR as openssl req writes it (PEM or DER)", e);
            }
        }
        PKCS10CertificationRequest found = null;
        for (Object object : Pem.readObjects(content, "the CSR", field)) {
            if (object instanceof PKCS10CertificationRequest request) {
                if (found != null) {
                    throw JitpException.invalid(field, "the file holds more than one CSR", "give one CSR per file");
                }
                found = request;
            }
        }
        if (found == null) {
            throw JitpException.invalid(field, "the file holds no CSR (no CERTIFICATE REQUEST block)",
                    "give the CSR file, e.g. deviceCert.csr");
        }
        return new Csr(found);
    }

    /**
     * Checks proof of possession: the CSR is signed with a current algorithm by the private key of the public key
     * it holds, so its sender has that key.
     *
     * @return this CSR
     */
    public Csr verifyProofOfPossession(String field) {
        ASN1ObjectIdentifier algorithm = request.getSignatureAlgorithm().getAlgorithm();
        if (WEAK_SIGNATURES.contains(algorithm)) {
            throw JitpException.invalid(field, "the CSR is signed with " + signatureAlgorithmName()
                    + ", which is too weak to prove possession of the key", "sign the CSR with SHA-256 or stronger");
        }
        if (!signatureVerifies()) {
            throw JitpException.invalid(field, "the CSR signature does not verify: the CSR was altered or was not "
                    + "signed by the key it holds (proof of possession failed)", "make a new CSR with the device key");
        }
        return this;
    }

    /** Whether the signature verifies with the CSR's own public key. */
    public boolean signatureVerifies() {
        try {
            ContentVerifierProvider verifier = Signing.verifier(request.getSignatureAlgorithm(),
                    request.getSubjectPublicKeyInfo());
            return request.isSignatureValid(verifier);
        } catch (OperatorCreationException | PKCSException | IOException | RuntimeException e) {
            return false;
        }
    }

    /** The requested subject. */
    public X500Name subject() {
        return request.getSubject();
    }

    /** The seven JITP subject fields present in the requested subject. */
    public Map<SubjectField, String> subjectFields() {
        return SubjectField.readAll(request.getSubject());
    }

    /** The public key as ASN.1. */
    public SubjectPublicKeyInfo publicKeyInfo() {
        return request.getSubjectPublicKeyInfo();
    }

    /** The public key. */
    public PublicKey publicKey() {
        return Keys.publicKey(request.getSubjectPublicKeyInfo());
    }

    /** The key type, empty if it is not one jitp supports. */
    public Optional<KeyType> keyType() {
        return KeyType.of(request.getSubjectPublicKeyInfo());
    }

    /** A short description of the key, e.g. "p256" or "RSA-1024". */
    public String keyDescription() {
        return KeyType.describe(request.getSubjectPublicKeyInfo());
    }

    /** The name of the signature algorithm, e.g. SHA256WITHECDSA. */
    public String signatureAlgorithmName() {
        return new DefaultAlgorithmNameFinder().getAlgorithmName(request.getSignatureAlgorithm());
    }

    /** The BouncyCastle request, for code that needs its attributes. */
    public PKCS10CertificationRequest request() {
        return request;
    }

    /** The DER encoding. */
    public byte[] der() {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("a parsed CSR cannot be re-encoded", e);
        }
    }

    /** The PEM encoding ({@code CERTIFICATE REQUEST}). */
    public String pem() {
        return Pem.encode("CERTIFICATE REQUEST", der());
    }

    @Override
    public String toString() {
        return "Csr[subject=" + subject() + ", key=" + keyDescription() + "]";
    }
}
