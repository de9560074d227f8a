package io.jitp.broker.store;

import java.time.Instant;

/**
 * The registration of a CA with AWS IoT and how far it got. Each step's outcome is written before the next step
 * starts, so that repeating the call resumes where it stopped and never repeats a step that took effect.
 *
 * @param caId the CA
 * @param mode DEFAULT or SNI_ONLY
 * @param setAsActive whether the CA is to be ACTIVE in IoT
 * @param autoRegistration whether IoT auto-registers device certificates it signed (JITP needs it)
 * @param templateName the JITP provisioning template attached, or {@code null}
 * @param step STARTED, CODE_OBTAINED, VERIFICATION_SIGNED, REGISTERED, DELETED
 * @param registrationCode the account's registration code (DEFAULT mode)
 * @param verificationPem the verification certificate sent with RegisterCACertificate (DEFAULT mode)
 * @param certificateArn the CA's ARN in IoT once registered
 * @param iotStatus ACTIVE or INACTIVE as last set or seen in IoT
 * @param adopted whether IoT already had the CA and the broker adopted that registration
 * @param attempts how many times the registration was run
 * @param createdAt when it was first requested
 * @param updatedAt when it last changed
 * @param rowVersion optimistic-locking counter
 */
public record RegistrationRecord(String caId, String mode, boolean setAsActive, boolean autoRegistration,
        String templateName, String step, String registrationCode, String verificationPem, String certificateArn,
        String iotStatus, boolean adopted, int attempts, Instant createdAt, Instant updatedAt, long rowVersion) {

    /** Requested; nothing done in IoT yet. */
    public static final String STARTED = "STARTED";
    /** GetRegistrationCode answered. */
    public static final String CODE_OBTAINED = "CODE_OBTAINED";
    /** The verification certificate is signed and stored. */
    public static final String VERIFICATION_SIGNED = "VERIFICATION_SIGNED";
    /** IoT holds the CA (registered or adopted). */
    public static final String REGISTERED = "REGISTERED";
    /** Deleted from IoT on retirement. */
    public static final String DELETED = "DELETED";

    /** This record at another step. */
    public RegistrationRecord withStep(String newStep) {
        return new RegistrationRecord(caId, mode, setAsActive, autoRegistration, templateName, newStep,
                registrationCode, verificationPem, certificateArn, iotStatus, adopted, attempts, createdAt,
                updatedAt, rowVersion);
    }

    /** This record after GetRegistrationCode. */
    public RegistrationRecord withCode(String code) {
        return new RegistrationRecord(caId, mode, setAsActive, autoRegistration, templateName, CODE_OBTAINED, code,
                verificationPem, certificateArn, iotStatus, adopted, attempts, createdAt, updatedAt, rowVersion);
    }

    /** This record once the verification certificate is signed. */
    public RegistrationRecord withVerification(String pem) {
        return new RegistrationRecord(caId, mode, setAsActive, autoRegistration, templateName, VERIFICATION_SIGNED,
                registrationCode, pem, certificateArn, iotStatus, adopted, attempts, createdAt, updatedAt,
                rowVersion);
    }

    /** This record once IoT holds the CA. */
    public RegistrationRecord registered(String arn, String status, boolean wasAdopted) {
        return new RegistrationRecord(caId, mode, setAsActive, autoRegistration, templateName, REGISTERED,
                registrationCode, verificationPem, arn, status, wasAdopted, attempts, createdAt, updatedAt,
                rowVersion);
    }

    /** This record with the IoT settings changed by UpdateCACertificate. */
    public RegistrationRecord withSettings(String status, boolean autoRegistrationOn, String template) {
        return new RegistrationRecord(caId, mode, "ACTIVE".equals(status), autoRegistrationOn, template, step,
                registrationCode, verificationPem, certificateArn, status, adopted, attempts, createdAt, updatedAt,
                rowVersion);
    }

    /** This record with one more attempt counted. */
    public RegistrationRecord attempted() {
        return new RegistrationRecord(caId, mode, setAsActive, autoRegistration, templateName, step,
                registrationCode, verificationPem, certificateArn, iotStatus, adopted, attempts + 1, createdAt,
                updatedAt, rowVersion);
    }

    /** Whether IoT holds the CA. */
    public boolean isRegistered() {
        return REGISTERED.equals(step);
    }
}
