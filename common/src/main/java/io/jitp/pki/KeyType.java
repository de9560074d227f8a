package io.jitp.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import io.jitp.error.JitpException;

/**
 * The key types jitp generates and accepts: the ones AWS IoT Core accepts for device and CA certificates. The
 * signature algorithm follows the key: SHA-256 for RSA-2048/3072 and P-256, SHA-384 for RSA-4096 and P-384.
 */
public enum KeyType {
    /** RSA with a 2048-bit modulus, signed with SHA256withRSA. */
    RSA2048("rsa2048", "RSA", 2048, null, "SHA256withRSA"),
    /** RSA with a 3072-bit modulus, signed with SHA256withRSA. */
    RSA3072("rsa3072", "RSA", 3072, null, "SHA256withRSA"),
    /** RSA with a 4096-bit modulus, signed with SHA384withRSA. */
    RSA4096("rsa4096", "RSA", 4096, null, "SHA384withRSA"),
    /** ECDSA on NIST P-256 (secp256r1), signed with SHA256withECDSA. */
    P256("p256", "EC", 256, "secp256r1", "SHA256withECDSA"),
    /** ECDSA on NIST P-384 (secp384r1), signed with SHA384withECDSA. */
    P384("p384", "EC", 384, "secp384r1", "SHA384withECDSA");

    private final String label;
    private final String algorithm;
    private final int bits;
    private final String curve;
    private final String signatureAlgorithm;
    private final ASN1ObjectIdentifier curveOid;

    KeyType(String label, String algorithm, int bits, String curve, String signatureAlgorithm) {
        this.label = label;
        this.algorithm = algorithm;
        this.bits = bits;
        this.curve = curve;
        this.signatureAlgorithm = signatureAlgorithm;
        this.curveOid = curve == null ? null : SECNamedCurves.getOID(curve);
    }

    /** The name used on the command line and in JSON: rsa2048, rsa3072, rsa4096, p256, p384. */
    public String label() {
        return label;
    }

    /** The JCA key algorithm: RSA or EC. */
    public String algorithm() {
        return algorithm;
    }

    /** Modulus size (RSA) or field size (EC) in bits. */
    public int bits() {
        return bits;
    }

    /** Whether this is an RSA key type. */
    public boolean isRsa() {
        return curve == null;
    }

    /** The JCA signature algorithm a key of this type signs with, e.g. SHA256withECDSA. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Generates a fresh key pair of this type. */
    public KeyPair generate() {
        try {
            // RSA from the JDK, EC from BouncyCastle: each in the form its signer (Signing) works fastest with.
            KeyPairGenerator generator = isRsa() ? KeyPairGenerator.getInstance(algorithm)
                    : KeyPairGenerator.getInstance(algorithm, Providers.bouncyCastle());
            if (isRsa()) {
                generator.initialize(bits, Randomness.secureRandom());
            } else {
                generator.initialize(new ECGenParameterSpec(curve), Randomness.secureRandom());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + label + " key", e);
        }
    }

    @Override
    public String toString() {
        return label;
    }

    /** The type given its label (case-insensitive), or a refusal listing the accepted labels. */
    public static KeyType parse(String label) {
        return Arrays.stream(values())
                .filter(t -> t.label.equalsIgnoreCase(label == null ? "" : label.trim()))
                .findFirst()
                .orElseThrow(() -> JitpException.invalid("keyType", "unknown key type '" + label + "'",
                        "use one of " + labels()));
    }

    /** The accepted labels, comma separated. */
    public static String labels() {
        return Arrays.stream(values()).map(KeyType::label).collect(Collectors.joining(", "));
    }

    /** The type of a public key, empty when it is none of the supported types (RSA-1024, P-521, Ed25519…). */
    public static Optional<KeyType> of(PublicKey key) {
        return of(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    /**
     * The type of a public key given as the SubjectPublicKeyInfo of a certificate or CSR, read from the ASN.1
     * without building a key object: RSA by modulus size, EC by named curve.
     */
    public static Optional<KeyType> of(SubjectPublicKeyInfo info) {
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            int size = rsaModulusBits(info);
            return Arrays.stream(values()).filter(t -> t.isRsa() && t.bits == size).findFirst();
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            ASN1Encodable parameters = info.getAlgorithm().getParameters();
            if (parameters instanceof ASN1ObjectIdentifier curveOid) {
                return Arrays.stream(values()).filter(t -> curveOid.equals(t.curveOid)).findFirst();
            }
        }
        return Optional.empty();
    }

    /** A short human description of any public key, e.g. "rsa2048", "RSA-1024", "EC secp521r1", "Ed25519". */
    public static String describe(PublicKey key) {
        return describe(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
    }

    /** A short human description of a public key given as a SubjectPublicKeyInfo. */
    public static String describe(SubjectPublicKeyInfo info) {
        Optional<KeyType> known = of(info);
        if (known.isPresent()) {
            return known.get().label;
        }
        ASN1ObjectIdentifier algorithm = info.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            return "RSA-" + rsaModulusBits(info);
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            ASN1Encodable parameters = info.getAlgorithm().getParameters();
            return parameters instanceof ASN1ObjectIdentifier curveOid
                    ? "EC " + curveName(curveOid)
                    : "EC with explicit curve parameters";
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
            return "Ed25519";
        }
        if (EdECObjectIdentifiers.id_Ed448.equals(algorithm)) {
            return "Ed448";
        }
        return "algorithm " + algorithm.getId();
    }

    /** A short human description of a private key, e.g. "p256" or "RSA-1024". */
    public static String describe(PrivateKey key) {
        if (key instanceof RSAKey rsa) {
            int size = rsa.getModulus().bitLength();
            return Arrays.stream(values())
                    .filter(t -> t.isRsa() && t.bits == size)
                    .map(KeyType::label)
                    .findFirst()
                    .orElse("RSA-" + size);
        }
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        return describe(new SubjectPublicKeyInfo(info.getPrivateKeyAlgorithm(), new byte[0]));
    }

    private static int rsaModulusBits(SubjectPublicKeyInfo info) {
        try {
            return RSAPublicKey.getInstance(info.parsePublicKey()).getModulus().bitLength();
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }

    private static String curveName(ASN1ObjectIdentifier oid) {
        String name = SECNamedCurves.getName(oid);
        if (name == null) {
            name = ECNamedCurveTable.getName(oid);
        }
        return name == null ? oid.getId() : name;
    }
}
