package io.jitp.broker.fleet;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Request bodies of the fleet API. */
public final class FleetRequests {

    private FleetRequests() {
    }

    /**
     * Ensure a fleet: its role alias and device policy exist in AWS IoT as described.
     *
     * @param roleArn the IAM role the devices' credentials are for
     * @param roleAlias the role alias name; default {@code <fleet>-role-alias}
     * @param credentialDurationSeconds credential lifetime, 900–43200; default 3600
     * @param policyName the device policy name; default {@code <fleet>-device-policy}
     * @param caName the CA (name) whose current generation signs this fleet's devices
     * @param templateName the fleet's JITP template
     * @param custodial whether the broker keeps the private keys it generates for the fleet's devices (server
     *     keygen), sealed like CA keys; absent keeps the current setting (new fleets: false)
     */
    public record Ensure(
            @NotBlank @Pattern(regexp = "arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}",
                    message = "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)") String roleArn,
            @Pattern(regexp = "[\\w=,@-]{1,128}",
                    message = "must be 1 to 128 of letters, digits, _ = , @ -") String roleAlias,
            @Min(900) @Max(43200) Integer credentialDurationSeconds,
            @Pattern(regexp = "[\\w+=,.@-]{1,128}",
                    message = "must be 1 to 128 of letters, digits, _ + = , . @ -") String policyName,
            String caName,
            @Pattern(regexp = "[0-9A-Za-z_-]{1,36}",
                    message = "must be 1 to 36 letters, digits, _ or -") String templateName,
            Boolean custodial) {
    }
}
