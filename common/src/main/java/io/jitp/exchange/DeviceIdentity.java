package io.jitp.exchange;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import io.jitp.error.JitpException;
import io.jitp.pki.CertificateId;
import io.jitp.pki.Certificates;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.Pem;

/**
 * What a device presents in the TLS handshake: its private key and the certificate chain sent after it (the
 * device certificate first, then, by default, its CA, as {@code deviceCertAndCACert.crt} holds them; JITP in
 * DEFAULT mode needs the CA in the chain). {@link #toString()} never shows the key.
 *
 * @param privateKey the device's private key
 * @param chain the device certificate followed by the certificates sent with it
 */
public record DeviceIdentity(PrivateKey privateKey, List<X509Certificate> chain) {

    /** Checks the key and that the chain starts with a certificate. */
    public DeviceIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain == null || chain.isEmpty()) {
            throw JitpException.invalid("certificate", "the device certificate file holds no certificate",
                    "give the device certificate (deviceCert.crt) or its chain (deviceCertAndCACert.crt)");
        }
        chain = List.copyOf(chain);
    }

    /**
     * Reads a key file (any form openssl writes; {@code password} for an encrypted one, else {@code null}) and a
     * PEM file holding the device certificate, optionally followed by its chain.
     */
    public static DeviceIdentity load(Path keyFile, Path certificateFile, char[] password) {
        PrivateKey key = KeyFiles.read(keyFile, password, "key").key();
        byte[] content = ExchangeFiles.read(certificateFile, "certificate");
        return new DeviceIdentity(key, Pem.certificates(content, "device certificate " + certificateFile,
                "certificate"));
    }

    /** The device certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The AWS IoT id of the device certificate. */
    public CertificateId certificateId() {
        return Certificates.id(certificate());
    }

    /** The same key with only the device certificate (no CA sent in the handshake). */
    public DeviceIdentity leafOnly() {
        return new DeviceIdentity(privateKey, List.of(certificate()));
    }

    @Override
    public String toString() {
        return "DeviceIdentity[certificateId=" + certificateId().value() + ", chain=" + chain.size()
                + " certificate(s), privateKey=***]";
    }
}
