package io.jitp.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcRSAContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Signing and verifying, each with the fastest implementation measured on JDK 17 (BENCHMARKS.md):
 * <ul>
 * <li>RSA signatures: the JDK's SunRsaSign (on par with BouncyCastle, slightly ahead);</li>
 * <li>ECDSA signatures: BouncyCastle's JCA provider, about six times faster than the JDK 17 SunEC provider;</li>
 * <li>verifying a CSR (RSA PKCS#1 v1.5 and ECDSA): BouncyCastle's lightweight API, about twice as fast as any JCA
 * path because it skips the provider's key conversion, and for RSA without BouncyCastle's proof that the modulus is
 * composite (see {@link #rsaPublicKey}); other algorithms (RSASSA-PSS…) go through the JCA.</li>
 * </ul>
 */
final class Signing {

    private static final DefaultDigestAlgorithmIdentifierFinder DIGESTS = new DefaultDigestAlgorithmIdentifierFinder();

    private static final Set<ASN1ObjectIdentifier> RSA_PKCS1 = Set.of(PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption, PKCSObjectIdentifiers.sha512WithRSAEncryption,
            PKCSObjectIdentifiers.sha224WithRSAEncryption);
    private static final Set<ASN1ObjectIdentifier> ECDSA = Set.of(X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384, X9ObjectIdentifiers.ecdsa_with_SHA512,
            X9ObjectIdentifiers.ecdsa_with_SHA224);

    private Signing() {
    }

    /**
     * The private key in the form its signer works fastest with, converted once: a SunRsaSign key for RSA, a
     * BouncyCastle key for EC.
     */
    static PrivateKey prepare(KeyType type, PrivateKey key) {
        try {
            KeyFactory factory = type.isRsa() ? KeyFactory.getInstance("RSA")
                    : KeyFactory.getInstance("EC", Providers.bouncyCastle());
            return factory.generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot prepare a " + type.label() + " key for signing", e);
        }
    }

    /** A fresh signer (signers are not thread-safe) for the algorithm that follows the key type. */
    static ContentSigner signer(KeyType type, PrivateKey key) {
        try {
            JcaContentSignerBuilder builder = new JcaContentSignerBuilder(type.signatureAlgorithm())
                    .setSecureRandom(Randomness.secureRandom());
            if (!type.isRsa()) {
                builder.setProvider(Providers.bouncyCastle());
            }
            return builder.build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with a " + type.label() + " key", e);
        }
    }

    /** A verifier for signatures made by the key of a certificate or CSR. */
    static ContentVerifierProvider verifier(AlgorithmIdentifier signatureAlgorithm, SubjectPublicKeyInfo key)
            throws OperatorCreationException, IOException {
        ASN1ObjectIdentifier algorithm = signatureAlgorithm.getAlgorithm();
        if (RSA_PKCS1.contains(algorithm)) {
            return new BcRSAContentVerifierProviderBuilder(DIGESTS).build(rsaPublicKey(key));
        }
        if (ECDSA.contains(algorithm)) {
            return new BcECContentVerifierProviderBuilder(DIGESTS).build(PublicKeyFactory.createKey(key));
        }
        return new JcaContentVerifierProviderBuilder().setProvider(Providers.bouncyCastle()).build(key);
    }

    /**
     * An RSA public key for verifying, without BouncyCastle's Miller–Rabin proof that the modulus is composite: that
     * proof costs over three RSA-2048 signatures per new key, is remembered only while the key object lives, and
     * checks nothing a signature check needs. The issuance policy checks device keys itself ({@link RsaKeyCheck}).
     */
    private static RSAKeyParameters rsaPublicKey(SubjectPublicKeyInfo key) throws IOException {
        RSAPublicKey rsa = RSAPublicKey.getInstance(key.parsePublicKey());
        return new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent(), true);
    }
}
