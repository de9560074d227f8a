package io.jitp.broker.fleet;

import java.time.Instant;

import io.jitp.broker.store.FleetRecord;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A fleet as the API shows it.
 *
 * @param name the fleet name
 * @param roleAlias the role alias
 * @param roleAliasArn its ARN
 * @param roleArn the IAM role
 * @param credentialDurationSeconds credential lifetime
 * @param policyName the device policy
 * @param policyArn its ARN
 * @param caName the CA name signing the fleet's devices
 * @param templateName the fleet's JITP template
 * @param custodial whether the broker keeps server-generated device keys
 * @param changed what the last ensure did in IoT (absent on reads)
 * @param createdAt when first ensured
 * @param updatedAt when last changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetView(String name, String roleAlias, String roleAliasArn, String roleArn,
        int credentialDurationSeconds, String policyName, String policyArn, String caName, String templateName,
        boolean custodial, String changed, Instant createdAt, Instant updatedAt) {

    static FleetView of(FleetRecord fleet, String changed) {
        return new FleetView(fleet.name(), fleet.roleAlias(), fleet.roleAliasArn(), fleet.roleArn(),
                fleet.credentialDurationSeconds(), fleet.policyName(), fleet.policyArn(), fleet.caName(),
                fleet.templateName(), fleet.custodial(), changed, fleet.createdAt(), fleet.updatedAt());
    }
}
