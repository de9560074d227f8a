package io.jitp.broker.enrollment;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer to an enrollment: everything a device needs to get AWS credentials on its own. The private key is
 * present only for server-side key generation, once.
 *
 * @param thingName the thing name (the certificate's CN)
 * @param certificateId the AWS IoT certificate id
 * @param serial the serial number (hex)
 * @param certificatePem the device certificate (deviceCert.crt)
 * @param chainPem the device certificate followed by the CA certificate (deviceCertAndCACert.crt)
 * @param caCertificatePem the CA certificate (rootCA.pem)
 * @param caId the signing CA
 * @param fleet the fleet
 * @param roleAlias the role alias to exchange the certificate on
 * @param credentialsEndpoint the credentials provider, {@code host:port}
 * @param trustBundlePem the roots of the credentials endpoint's certificate
 * @param region the AWS region
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param privateKeyPem the generated key as PKCS#8 PEM (server key generation only)
 * @param custodial whether the broker keeps a sealed copy of that key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnrollmentView(String thingName, String certificateId, String serial, String certificatePem,
        String chainPem, String caCertificatePem, String caId, String fleet, String roleAlias,
        String credentialsEndpoint, String trustBundlePem, String region, Instant notBefore, Instant notAfter,
        String privateKeyPem, Boolean custodial) {

    @Override
    public String toString() {
        return "EnrollmentView[thing=" + thingName + ", certificateId=" + certificateId + ", fleet=" + fleet
                + ", privateKey=" + (privateKeyPem == null ? "none" : "(redacted)") + "]";
    }
}
