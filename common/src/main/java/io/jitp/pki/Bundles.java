package io.jitp.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import io.jitp.error.JitpException;

/** The files a device receives: the chain PEM that AWS IoT JITP expects and a PKCS#12 alternative. */
public final class Bundles {

    private Bundles() {
    }

    /** The device certificate followed by the CA certificate, as {@code cat deviceCert.crt rootCA.pem} makes. */
    public static String chainPem(X509Certificate device, X509Certificate ca) {
        return chainPem(Pem.encode(device), ca);
    }

    static String chainPem(String devicePem, X509Certificate ca) {
        return devicePem + Pem.encode(ca);
    }

    /**
     * A PKCS#12 file holding the key and its chain, protected by a password (the JDK's PKCS#12: keys and
     * certificates encrypted with PBES2 AES-256-CBC / PBKDF2-HMAC-SHA256, integrity by HMAC-SHA256, which
     * openssl 3 and current operating systems read).
     *
     * @param alias the friendly name, usually the thing name
     * @param chain the device certificate first, then its CA
     */
    public static byte[] pkcs12(PrivateKey key, List<X509Certificate> chain, char[] password, String alias) {
        if (password == null || password.length == 0) {
            throw JitpException.invalid("password", "a PKCS#12 file needs a password", "give a non-empty password");
        }
        if (chain.isEmpty() || !Keys.matches(key, chain.get(0).getPublicKey())) {
            throw JitpException.invalid("privateKey", "the private key does not belong to the first certificate",
                    "give the device key with its own certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, password, chain.toArray(new Certificate[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write a PKCS#12 file", e);
        }
    }
}
