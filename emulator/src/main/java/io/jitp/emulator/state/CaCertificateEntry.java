package io.jitp.emulator.state;

import java.util.List;

import io.jitp.template.RegistrationConfig;

/**
 * A registered CA certificate.
 *
 * @param id lowercase hex SHA-256 of the DER certificate
 * @param pem the certificate as registered
 * @param status ACTIVE or INACTIVE
 * @param autoRegistrationStatus whether it auto-registers the device certificates it signed
 * @param mode DEFAULT (verification certificate) or SNI_ONLY
 * @param createdMillis creation time, epoch milliseconds
 * @param modifiedMillis last modification time, epoch milliseconds
 * @param customerVersion starts at 1, incremented by every update
 * @param generationId changes with every update
 * @param notBeforeMillis start of the certificate's validity
 * @param notAfterMillis end of the certificate's validity
 * @param registrationConfig the JITP configuration, or {@code null}
 * @param tags tags given at registration
 */
public record CaCertificateEntry(String id, String pem, CaCertificateStatus status,
        AutoRegistrationStatus autoRegistrationStatus, CertificateMode mode, long createdMillis, long modifiedMillis,
        int customerVersion, String generationId, long notBeforeMillis, long notAfterMillis,
        RegistrationConfig registrationConfig, List<Tag> tags) {

    public CaCertificateEntry {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
