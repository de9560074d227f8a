package io.jitp.broker.testing;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request bodies used across the broker's tests. */
public final class Fixtures {

    /** A provisioning role of the emulated account. */
    public static final String PROVISIONING_ROLE = "arn:aws:iam::123456789012:role/JitpProvisioning";
    /** A device role of the emulated account. */
    public static final String DEVICE_ROLE = "arn:aws:iam::123456789012:role/FleetDevices";

    private Fixtures() {
    }

    /** A unique lowercase name with a prefix. */
    public static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The minimal JITP template of the reference: thing from CN, certificate active, policy by name. */
    public static Map<String, Object> thingFromCommonName(String policyName) {
        return Map.of(
                "Parameters", Map.of(
                        "AWS::IoT::Certificate::CommonName", Map.of("Type", "String"),
                        "AWS::IoT::Certificate::Id", Map.of("Type", "String")),
                "Resources", Map.of(
                        "thing", Map.of("Type", "AWS::IoT::Thing",
                                "Properties", Map.of("ThingName", Map.of("Ref", "AWS::IoT::Certificate::CommonName"))),
                        "certificate", Map.of("Type", "AWS::IoT::Certificate",
                                "Properties", Map.of("CertificateId", Map.of("Ref", "AWS::IoT::Certificate::Id"),
                                        "Status", "ACTIVE")),
                        "policy", Map.of("Type", "AWS::IoT::Policy",
                                "Properties", Map.of("PolicyName", policyName))));
    }

    /** A template that also puts the certificate's Organization into a thing attribute. */
    public static Map<String, Object> withOrganization(String policyName) {
        return Map.of(
                "Parameters", Map.of(
                        "AWS::IoT::Certificate::CommonName", Map.of("Type", "String"),
                        "AWS::IoT::Certificate::Organization", Map.of("Type", "String"),
                        "AWS::IoT::Certificate::Id", Map.of("Type", "String")),
                "Resources", Map.of(
                        "thing", Map.of("Type", "AWS::IoT::Thing",
                                "Properties", Map.of(
                                        "ThingName", Map.of("Ref", "AWS::IoT::Certificate::CommonName"),
                                        "AttributePayload", Map.of("organization",
                                                Map.of("Ref", "AWS::IoT::Certificate::Organization")))),
                        "certificate", Map.of("Type", "AWS::IoT::Certificate",
                                "Properties", Map.of("CertificateId", Map.of("Ref", "AWS::IoT::Certificate::Id"),
                                        "Status", "ACTIVE")),
                        "policy", Map.of("Type", "AWS::IoT::Policy",
                                "Properties", Map.of("PolicyName", policyName))));
    }

    /** The put-template request body. */
    public static Map<String, Object> putTemplate(Map<String, Object> body) {
        return Map.of("body", body, "provisioningRoleArn", PROVISIONING_ROLE, "description", "test template");
    }

    /** A profile whose certificates always carry O. */
    public static Map<String, Object> profileWithOrganization() {
        return Map.of("fixedFields", Map.of("O", "Acme"), "keyTypes", List.of("p256", "rsa2048"));
    }
}
