package io.jitp.pki;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The BouncyCastle provider used for parsing, signing and verifying. It is installed once, lazily, so that a
 * command that touches no key pays nothing for it. In a native image Quarkus installs it at build time
 * ({@code quarkus.security.security-providers=BC}) and this class finds it.
 */
final class Providers {

    private Providers() {
    }

    /** The installed BouncyCastle provider. */
    static Provider bouncyCastle() {
        return Holder.PROVIDER;
    }

    private static final class Holder {
        static final Provider PROVIDER = install();

        private static Provider install() {
            Provider installed = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
            if (installed != null) {
                return installed;
            }
            Provider provider = new BouncyCastleProvider();
            Security.addProvider(provider);
            return provider;
        }
    }
}
