package io.jitp.broker.ca;

import java.util.Arrays;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The request bodies of the CA API. */
public final class CaRequests {

    /** A CA name: lowercase letters, digits and hyphens, starting with a letter or digit. */
    public static final String NAME_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";
    /** How a name is explained when it is refused. */
    public static final String NAME_RULE = "1 to 63 lowercase letters, digits and hyphens, starting with a letter "
            + "or digit";

    private CaRequests() {
    }

    /**
     * Create a CA with a fresh key.
     *
     * @param name the CA name (generations of a rotated CA share it)
     * @param keyType rsa2048, rsa3072, rsa4096, p256 or p384; default {@code jitp.ca.key-type}
     * @param subject the CA subject, e.g. {@code CN=Acme Devices Root,O=Acme}; default {@code CN=jitp Root CA <name>}
     *     (AWS IoT accepts at most 10 CAs with one subject)
     * @param validityDays CA validity in days; default {@code jitp.ca.validity-days}
     * @param profile the issuance profile for device certificates
     */
    public record Create(
            @NotBlank @Pattern(regexp = NAME_PATTERN, message = "must be " + NAME_RULE) String name,
            String keyType,
            @Size(max = 1024) String subject,
            Integer validityDays,
            @Valid IssuanceProfile profile) {
    }

    /**
     * Import an existing CA, e.g. the rootCA.pem / rootCA.key of the openssl procedure.
     *
     * @param name the CA name
     * @param certificatePem the CA certificate, PEM
     * @param keyPem the CA private key, PEM in any form openssl writes (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8)
     * @param keyPassword the password of an encrypted key
     * @param profile the issuance profile for device certificates
     */
    public record Import(
            @NotBlank @Pattern(regexp = NAME_PATTERN, message = "must be " + NAME_RULE) String name,
            @NotBlank @Size(max = 65536) String certificatePem,
            @NotBlank @Size(max = 65536) String keyPem,
            char[] keyPassword,
            @Valid IssuanceProfile profile) {

        @Override
        public String toString() {
            return "Import[name=" + name + ", key=***, password=" + (keyPassword == null ? "none" : "***") + "]";
        }

        /** Clears the password. */
        public void clearPassword() {
            if (keyPassword != null) {
                Arrays.fill(keyPassword, '\0');
            }
        }
    }

    /**
     * Register a CA with AWS IoT.
     *
     * @param mode DEFAULT (proof of possession with a verification certificate) or SNI_ONLY
     * @param setAsActive whether the CA is ACTIVE at once (default true)
     * @param autoRegistration whether IoT auto-registers the device certificates it signed (default true; JITP
     *     needs it)
     * @param templateName the JITP provisioning template to attach (put it first with the template API)
     */
    public record Register(
            @Pattern(regexp = "DEFAULT|SNI_ONLY", message = "must be DEFAULT or SNI_ONLY") String mode,
            Boolean setAsActive,
            Boolean autoRegistration,
            @Pattern(regexp = "[0-9A-Za-z_-]{1,36}",
                    message = "must be 1 to 36 letters, digits, _ or -") String templateName) {
    }

    /**
     * Change a registered CA in AWS IoT (UpdateCACertificate); absent fields stay as they are.
     *
     * @param status ACTIVE or INACTIVE
     * @param autoRegistration auto-registration on or off
     * @param templateName the JITP template to attach instead of the current one
     */
    public record Update(
            @Pattern(regexp = "ACTIVE|INACTIVE", message = "must be ACTIVE or INACTIVE") String status,
            Boolean autoRegistration,
            @Pattern(regexp = "[0-9A-Za-z_-]{1,36}",
                    message = "must be 1 to 36 letters, digits, _ or -") String templateName) {
    }

    /**
     * Rotate: a new CA beside the current one, registered like it.
     *
     * @param keyType the new key type; default the current CA's
     * @param subject the new subject; default the current CA's
     * @param validityDays the new validity; default {@code jitp.ca.validity-days}
     */
    public record Rotate(String keyType, @Size(max = 1024) String subject, Integer validityDays) {
    }

    /**
     * Retire a CA: deactivate it in AWS IoT, optionally delete it there and destroy its key.
     *
     * @param confirm the CA id, typed again to confirm
     * @param deleteFromIot also DeleteCACertificate after deactivating
     * @param destroyKey destroy the CA private key (nothing can be signed with it afterwards)
     * @param confirmDestroyKey the CA id again, required with destroyKey
     * @param force retire even the current CA of its name (new enrollments then have no CA)
     */
    public record Retire(
            @NotNull String confirm,
            Boolean deleteFromIot,
            Boolean destroyKey,
            String confirmDestroyKey,
            Boolean force) {
    }
}
