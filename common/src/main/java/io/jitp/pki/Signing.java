package io.jitp.pki;

import java.security.PrivateKey;

import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signers for certificates and CSRs. BouncyCastle signs: its P-256 and P-384 arithmetic is several times faster
 * than the JDK 17 SunEC provider's, and its RSA is on par with SunRsaSign (see BENCHMARKS.md).
 */
final class Signing {

    private Signing() {
    }

    /** A fresh signer (signers are not thread-safe) for the algorithm that follows the key type. */
    static ContentSigner signer(KeyType type, PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(type.signatureAlgorithm())
                    .setProvider(Providers.bouncyCastle())
                    .setSecureRandom(Randomness.secureRandom())
                    .build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with a " + type.label() + " key", e);
        }
    }
}
