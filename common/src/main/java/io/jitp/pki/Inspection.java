package io.jitp.pki;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a PEM or DER file holds, as {@code jitp pki inspect} shows it. Never holds key material: for a private
 * key only its type and form are reported.
 *
 * @param items one entry per object in the file, in order
 */
public record Inspection(List<Item> items) {

    /** Copies the list. */
    public Inspection {
        items = List.copyOf(items);
    }

    /**
     * One certificate, CSR, private key or public key. Components that do not apply are {@code null}.
     *
     * @param kind certificate, csr, private-key or public-key
     * @param subject the subject, {@code CN=…,O=…}
     * @param issuer the issuer (certificates)
     * @param serialNumber the serial number as colon-separated hex (certificates)
     * @param notBefore start of validity, ISO-8601 UTC (certificates)
     * @param notAfter end of validity, ISO-8601 UTC (certificates)
     * @param keyType rsa2048…p384, or a description of another key ("RSA-1024")
     * @param signatureAlgorithm e.g. SHA256WITHRSA (certificates, CSRs)
     * @param ca whether the certificate is a CA
     * @param selfSigned whether the certificate's issuer is its subject
     * @param signatureValid whether the CSR signature verifies (proof of possession)
     * @param keyFormat the private key form: PKCS#1, SEC1, PKCS#8, encrypted PKCS#8…
     * @param encrypted whether the private key is encrypted
     * @param note a remark, e.g. that a password is needed to see more
     * @param extensions the certificate's extensions, or the CSR's requested extensions
     * @param certificateId the AWS IoT certificate id (certificates)
     * @param jitpParameters the JITP certificate parameters the certificate supplies (for a CSR: would supply)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String kind, String subject, String issuer, String serialNumber, String notBefore,
            String notAfter, String keyType, String signatureAlgorithm, Boolean ca, Boolean selfSigned,
            Boolean signatureValid, String keyFormat, Boolean encrypted, String note, List<ExtensionInfo> extensions,
            String certificateId, Map<String, String> jitpParameters) {
    }

    /**
     * One extension.
     *
     * @param name its usual name (basicConstraints, keyUsage…) or its OID
     * @param critical whether it is marked critical
     * @param value its value in the openssl style (CA:TRUE, digitalSignature, clientAuth…)
     */
    public record ExtensionInfo(String name, boolean critical, String value) {
    }
}
