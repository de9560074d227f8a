package io.jitp.emulator.state;

/**
 * The emulated account and region, and the ARNs of its resources (reference/aws-iot.md section 2.8).
 *
 * @param region e.g. {@code us-east-1}
 * @param accountId twelve digits
 */
public record IotAccount(String region, String accountId) {

    /** {@code aws}, {@code aws-cn} or {@code aws-us-gov}, from the region. */
    public String partition() {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    private String iotArn(String resource) {
        return "arn:" + partition() + ":iot:" + region + ":" + accountId + ":" + resource;
    }

    /** ARN of a CA certificate. */
    public String caCertificateArn(String id) {
        return iotArn("cacert/" + id);
    }

    /** ARN of a device certificate. */
    public String certificateArn(String id) {
        return iotArn("cert/" + id);
    }

    /** ARN of a thing. */
    public String thingArn(String name) {
        return iotArn("thing/" + name);
    }

    /** ARN of a policy. */
    public String policyArn(String name) {
        return iotArn("policy/" + name);
    }

    /** ARN of a role alias. */
    public String roleAliasArn(String alias) {
        return iotArn("rolealias/" + alias);
    }

    /** ARN of a provisioning template. */
    public String provisioningTemplateArn(String name) {
        return iotArn("provisioningtemplate/" + name);
    }

    /** The certificate id in a certificate ARN of this account, or {@code null} when it is not one. */
    public String certificateIdOf(String arn) {
        String prefix = iotArn("cert/");
        return arn != null && arn.startsWith(prefix) ? arn.substring(prefix.length()) : null;
    }
}
