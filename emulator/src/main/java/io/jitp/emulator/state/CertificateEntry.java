package io.jitp.emulator.state;

/**
 * A registered device certificate.
 *
 * @param id lowercase hex SHA-256 of the DER certificate
 * @param pem the certificate
 * @param caCertificateId the registered CA that signed it, or {@code null} (registered without a CA)
 * @param status its status; only ACTIVE authenticates
 * @param mode inherited from the CA; SNI_ONLY when registered without a CA
 * @param createdMillis creation time, epoch milliseconds
 * @param modifiedMillis last modification time, epoch milliseconds
 * @param customerVersion starts at 1, incremented by every update
 * @param generationId changes with every update
 * @param notBeforeMillis start of the certificate's validity
 * @param notAfterMillis end of the certificate's validity
 */
public record CertificateEntry(String id, String pem, String caCertificateId, CertificateStatus status,
        CertificateMode mode, long createdMillis, long modifiedMillis, int customerVersion, String generationId,
        long notBeforeMillis, long notAfterMillis) {
}
