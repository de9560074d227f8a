package io.jitp.emulator.state;

import java.util.List;
import java.util.Map;

/**
 * What a JITP template resolved to for one certificate: the resources to create or update and the status to
 * give the certificate. Applied atomically by {@link IotState#applyProvisioning}.
 *
 * @param thing the thing to create or update, or {@code null} when the template has none
 * @param certificateStatus the status the certificate gets (ACTIVE unless the template says otherwise)
 * @param policies the policies to attach to the certificate (existing by name, or created from a document)
 */
public record ProvisioningPlan(ThingPlan thing, CertificateStatus certificateStatus, List<PolicyPlan> policies) {

    public ProvisioningPlan {
        policies = policies == null ? List.of() : List.copyOf(policies);
    }

    /**
     * The thing resource.
     *
     * @param name the thing name
     * @param attributes the attribute payload
     * @param thingTypeName the thing type, or {@code null}
     * @param thingGroups thing groups to add it to
     * @param billingGroupName the billing group, or {@code null}
     * @param overrideSettings property name to DO_NOTHING, REPLACE, FAIL or MERGE, for an existing thing
     */
    public record ThingPlan(String name, Map<String, String> attributes, String thingTypeName,
            List<String> thingGroups, String billingGroupName, Map<String, String> overrideSettings) {

        public ThingPlan {
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
            thingGroups = thingGroups == null ? List.of() : List.copyOf(thingGroups);
            overrideSettings = overrideSettings == null ? Map.of() : Map.copyOf(overrideSettings);
        }
    }

    /**
     * A policy resource: an existing policy by name ({@code document == null}), or a document to create
     * under {@code name} (which defaults to a hash of the document).
     */
    public record PolicyPlan(String name, String document) {
    }
}
