package io.jitp.broker.store;

import java.time.Instant;

/**
 * A fleet: the role alias its devices exchange certificates for credentials with, and the IoT policy that allows
 * it. Part 2 binds enrollment tokens to a fleet and answers enrollments with its role alias.
 *
 * @param name the fleet name
 * @param roleAlias the IoT role alias
 * @param roleArn the IAM role the alias assumes
 * @param credentialDurationSeconds lifetime of the credentials (900–43200)
 * @param policyName the IoT policy allowing iot:Connect and iot:AssumeRoleWithCertificate on the alias
 * @param roleAliasArn the alias ARN in IoT
 * @param policyArn the policy ARN in IoT
 * @param caName the CA name whose current generation signs this fleet's devices, or {@code null}
 * @param templateName the JITP template of the fleet, or {@code null}
 * @param custodial whether the broker keeps the private keys it generates for this fleet's devices (sealed)
 * @param createdAt when it was first ensured
 * @param updatedAt when it last changed
 * @param rowVersion optimistic-locking counter
 */
public record FleetRecord(String name, String roleAlias, String roleArn, int credentialDurationSeconds,
        String policyName, String roleAliasArn, String policyArn, String caName, String templateName,
        boolean custodial, Instant createdAt, Instant updatedAt, long rowVersion) {
}
