package io.jitp.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import io.jitp.error.JitpException;

/** Conversions between key encodings and checks that a private key belongs to a public key. */
final class Keys {

    private static final byte[] PROBE = "jitp key match probe".getBytes(StandardCharsets.US_ASCII);

    private Keys() {
    }

    static JcaPEMKeyConverter converter() {
        return new JcaPEMKeyConverter().setProvider(Providers.bouncyCastle());
    }

    /** A public key object from its ASN.1 form. */
    static PublicKey publicKey(SubjectPublicKeyInfo info) {
        try {
            return converter().getPublicKey(info);
        } catch (PEMException e) {
            throw JitpException.invalid("publicKey", "the public key cannot be decoded", null, e);
        }
    }

    /**
     * Whether the private key belongs to the public key: same RSA modulus, or a signature made with the private
     * key verifies with the public key (EC and anything else).
     */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())
                && !(isEc(privateKey.getAlgorithm()) && isEc(publicKey.getAlgorithm()))) {
            return false;
        }
        if (privateKey instanceof RSAPrivateCrtKey rsa && publicKey instanceof RSAPublicKey rsaPublic) {
            return rsa.getModulus().equals(rsaPublic.getModulus())
                    && rsa.getPublicExponent().equals(rsaPublic.getPublicExponent());
        }
        return probe(privateKey, publicKey);
    }

    private static boolean probe(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = isEc(publicKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            Signature signer = Signature.getInstance(algorithm, Providers.bouncyCastle());
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm, Providers.bouncyCastle());
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isEc(String algorithm) {
        return "EC".equals(algorithm) || "ECDSA".equals(algorithm);
    }
}
