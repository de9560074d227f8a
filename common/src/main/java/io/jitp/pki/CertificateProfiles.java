package io.jitp.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * The certificate profiles jitp issues. Every certificate is X.509 v3 with a random 159-bit serial, a subject
 * key identifier (SHA-1 of the public key bits, RFC 5280 method 1) and an authority key identifier.
 */
final class CertificateProfiles {

    /**
     * How far notBefore is set in the past, so that a device whose clock runs a little behind accepts a
     * certificate issued a moment ago.
     */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private CertificateProfiles() {
    }

    /** A self-signed root: CA:TRUE critical, keyCertSign + cRLSign critical, SKI, AKI = SKI. */
    static X509CertificateHolder root(X500Name subject, SubjectPublicKeyInfo key, Instant notBefore,
            Instant notAfter, ContentSigner signer) {
        byte[] keyId = keyIdentifier(key);
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(subject, Randomness.serialNumber(),
                Date.from(notBefore), Date.from(notAfter), subject, key);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyId));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode the CA extensions", e);
        }
        return builder.build(signer);
    }

    /**
     * An end-entity certificate for a device: CA:FALSE critical, keyUsage digitalSignature (+ keyEncipherment
     * for RSA) critical, extendedKeyUsage clientAuth, SKI, AKI.
     *
     * @param clientAuth whether to add extendedKeyUsage clientAuth (device certificates; not the verification
     *     certificate)
     */
    static X509CertificateHolder endEntity(X500Name issuer, byte[] authorityKeyId, X500Name subject,
            SubjectPublicKeyInfo key, Instant notBefore, Instant notAfter, boolean clientAuth, ContentSigner signer) {
        BigInteger serial = Randomness.serialNumber();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                Date.from(notAfter), subject, key);
        boolean rsa = KeyType.of(key).map(KeyType::isRsa).orElse(false);
        int usage = rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature;
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            if (clientAuth) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(key)));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode the end-entity extensions", e);
        }
        return builder.build(signer);
    }

    /** RFC 5280 section 4.2.1.2 method 1: the SHA-1 of the subjectPublicKey BIT STRING's value. */
    static byte[] keyIdentifier(SubjectPublicKeyInfo key) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(key.getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from the platform", e);
        }
    }

    /** The DER encoding of a certificate holder. */
    static byte[] der(X509CertificateHolder holder) {
        try {
            return holder.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }
}
