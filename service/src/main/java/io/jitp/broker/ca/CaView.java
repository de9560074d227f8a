package io.jitp.broker.ca;

import java.time.Instant;

import io.jitp.broker.store.CaRecord;
import io.jitp.broker.store.RegistrationRecord;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A CA as the API shows it: never its key.
 *
 * @param id AWS IoT certificate id of the CA certificate
 * @param name the CA name
 * @param generation 1 for the first CA of the name, +1 per rotation
 * @param status CURRENT, STANDBY (rotation under way), RETIRING or RETIRED
 * @param origin CREATED or IMPORTED
 * @param subject the CA subject
 * @param keyType the key type
 * @param serial the serial number (hex)
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param keyPresent whether the private key is still held (false once destroyed)
 * @param profile the issuance profile
 * @param rotatedFrom the CA this one replaced
 * @param registration the AWS IoT registration, absent before registration
 * @param createdAt when the CA was stored
 * @param updatedAt when it last changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaView(String id, String name, int generation, String status, String origin, String subject,
        String keyType, String serial, Instant notBefore, Instant notAfter, boolean keyPresent,
        IssuanceProfile profile, String rotatedFrom, Registration registration, Instant createdAt,
        Instant updatedAt) {

    /**
     * The AWS IoT side of a CA.
     *
     * @param mode DEFAULT or SNI_ONLY
     * @param step how far registration got: STARTED, CODE_OBTAINED, VERIFICATION_SIGNED, REGISTERED, DELETED
     * @param status ACTIVE or INACTIVE in IoT; DELETED once deleted from IoT on retirement
     * @param autoRegistration whether auto-registration is enabled
     * @param templateName the attached JITP template
     * @param certificateArn the ARN in IoT
     * @param adopted whether an existing registration was adopted
     * @param attempts how many times registration was run
     */
    public record Registration(String mode, String step, String status, boolean autoRegistration,
            String templateName, String certificateArn, boolean adopted, int attempts) {
    }

    static CaView of(CaRecord ca, RegistrationRecord registration) {
        Registration iot = registration == null ? null
                : new Registration(registration.mode(), registration.step(),
                        RegistrationRecord.DELETED.equals(registration.step()) ? RegistrationRecord.DELETED
                                : registration.iotStatus(),
                        registration.autoRegistration(), registration.templateName(), registration.certificateArn(),
                        registration.adopted(), registration.attempts());
        return new CaView(ca.id(), ca.name(), ca.generation(), ca.status(), ca.origin(), ca.subject(), ca.keyType(),
                ca.serial(), ca.notBefore(), ca.notAfter(), ca.sealedKey() != null,
                IssuanceProfile.fromJson(ca.profile()), ca.rotatedFrom(), iot, ca.createdAt(), ca.updatedAt());
    }
}
