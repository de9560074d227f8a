package io.jitp.broker.enrollment;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.jitp.pki.IssuancePolicy;

/** Request bodies of the token, enrollment and device APIs. */
public final class EnrollmentRequests {

    private EnrollmentRequests() {
    }

    /**
     * Mint an enrollment token. Give {@code fleet} (its CA's current generation signs, and its role alias is what
     * the device gets), or {@code ca} (a CA id or name; the fleet is the one using that CA name), or both; and
     * either {@code thingName} (then {@code uses} is 1) or {@code thingPattern} with {@code uses}.
     *
     * @param fleet the fleet
     * @param ca the CA (id, or name for its current generation)
     * @param thingName the one thing name the token enrolls
     * @param thingPattern a regular expression (whole match) for the thing names the token enrolls
     * @param uses how many certificates the token may issue (default 1)
     * @param expiresInSeconds lifetime in seconds (default {@code jitp.enrollment.token-ttl})
     * @param serverKeygen whether the broker may generate device keys with this token (default false)
     */
    public record CreateToken(
            @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be a fleet name") String fleet,
            @Size(max = 64) String ca,
            @Pattern(regexp = IssuancePolicy.THING_NAME_PATTERN,
                    message = "must be 1 to 128 letters, digits, : _ -") String thingName,
            @Size(max = 256) String thingPattern,
            @Min(1) @Max(100000) Integer uses,
            @Min(60) Long expiresInSeconds,
            Boolean serverKeygen) {
    }

    /**
     * Enroll a device with an enrollment token ({@code Authorization: Bearer jitpe_…}): a CSR, or
     * {@code serverKeygen} with a key type.
     *
     * @param thingName the thing name (the certificate's CN)
     * @param csr the PKCS#10 CSR in PEM, signed by the device key
     * @param serverKeygen true to have the broker generate the key (the token must allow it)
     * @param keyType the key type for server key generation (p256, p384, rsa2048, …); default the CA profile's
     *     first
     * @param ca optional: the CA id or name the device expects; refused when it is not the token's
     * @param fleet optional: the fleet the device expects; refused when it is not the token's
     */
    public record Enroll(
            String thingName,
            @Size(max = 65536) String csr,
            Boolean serverKeygen,
            @Size(max = 16) String keyType,
            @Size(max = 64) String ca,
            @Size(max = 63) String fleet) {
    }

    /**
     * Revoke a device's certificates.
     *
     * @param confirm the thing name again
     * @param certificateId only this certificate (default: every ACTIVE certificate of the thing)
     */
    public record Revoke(
            String confirm,
            @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lowercase hex digits") String certificateId) {
    }
}
