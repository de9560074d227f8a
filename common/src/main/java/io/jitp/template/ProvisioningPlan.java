package io.jitp.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The concrete resources JITP would create or use for one certificate: the outcome of
 * {@link TemplateEngine#render}. A caller (the emulator, the broker's dry run) applies it to its own registry in
 * the order of {@link #steps()}, which is the documented JITP sequence (reference/aws-iot.md section 4.2).
 *
 * @param parameters the parameter values the template was evaluated with (certificate values and defaults)
 * @param certificate the certificate resource
 * @param thing the thing resource, or {@code null} when the template declares none
 * @param policies the policy resources, in logical-id order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvisioningPlan(SortedMap<String, String> parameters, Certificate certificate, Thing thing,
        List<Policy> policies) {

    public ProvisioningPlan {
        parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
        Objects.requireNonNull(certificate, "certificate");
        policies = List.copyOf(policies);
    }

    /**
     * The certificate being provisioned.
     *
     * @param logicalId the resource's logical id
     * @param certificateId the AWS IoT certificate id, or {@code null} when rendering a CSR (not issued yet)
     * @param status the status to set at the end: ACTIVE (also when the template gives none) or INACTIVE
     * @param overrideSettings the template's OverrideSettings for Status (see {@link Thing#overrideFor})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Certificate(String logicalId, String certificateId, String status,
            Map<OverridableProperty, OverrideAction> overrideSettings) {
        public Certificate {
            overrideSettings = ThingResource.copy(overrideSettings);
        }
    }

    /**
     * The thing to create, with the existing thing type and groups it is assigned to.
     *
     * @param logicalId the resource's logical id
     * @param thingName the thing name
     * @param attributes attribute name to value, sorted by name
     * @param thingTypeName an existing thing type, or {@code null}
     * @param thingGroups existing thing groups, in template order
     * @param billingGroup an existing billing group, or {@code null}
     * @param overrideSettings the template's OverrideSettings, only those it declares
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Thing(String logicalId, String thingName, SortedMap<String, String> attributes,
            String thingTypeName, List<String> thingGroups, String billingGroup,
            Map<OverridableProperty, OverrideAction> overrideSettings) {
        public Thing {
            attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
            thingGroups = List.copyOf(thingGroups);
            overrideSettings = ThingResource.copy(overrideSettings);
        }

        /**
         * What to do with a property when the thing already exists: the template's setting, else
         * {@link OverrideAction#DO_NOTHING}. AWS does not document the default; jitp keeps what exists.
         */
        public OverrideAction overrideFor(OverridableProperty property) {
            return overrideSettings.getOrDefault(property, OverrideAction.DO_NOTHING);
        }
    }

    /**
     * A policy to attach to the certificate: an existing one by name, or one created from a document.
     *
     * @param logicalId the resource's logical id
     * @param policyName the policy name; for a document, derived from it ({@link TemplateEngine#policyNameOf})
     * @param policyDocument the document of a policy to create, or {@code null} for an existing policy
     * @param nameDerived whether the name was derived from the document
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Policy(String logicalId, String policyName, String policyDocument, boolean nameDerived) {

        /** Whether provisioning creates this policy (else it must exist already). */
        public boolean creates() {
            return policyDocument != null;
        }
    }

    /** A resource the template uses but does not create: it must exist before the device connects. */
    public record Prerequisite(Kind kind, String name) {

        /** Kinds of prerequisites. */
        public enum Kind {
            /** A thing type named by ThingTypeName. */
            THING_TYPE,
            /** A thing group named in ThingGroups. */
            THING_GROUP,
            /** A billing group named by BillingGroup. */
            BILLING_GROUP,
            /** An existing policy named by PolicyName. */
            POLICY
        }
    }

    /**
     * One step of the JITP sequence.
     *
     * @param action what is done
     * @param target the name or id it is done to ({@code null} for the id of a certificate not issued yet)
     * @param description the step in words
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(Action action, String target, String description) {

        /** The actions of the JITP sequence, in the order AWS IoT runs them. */
        public enum Action {
            /** AWS IoT registers the presented certificate as PENDING_ACTIVATION (before the template runs). */
            REGISTER_CERTIFICATE,
            /** CreateThing with its type, attributes and billing group. */
            CREATE_THING,
            /** AddThingToThingGroup for an existing group. */
            ADD_THING_TO_THING_GROUP,
            /** CreatePolicy from the template's document. */
            CREATE_POLICY,
            /** AttachPolicy to the certificate. */
            ATTACH_POLICY,
            /** AttachThingPrincipal: the certificate to the thing. */
            ATTACH_THING_PRINCIPAL,
            /** UpdateCertificate to the template's status. */
            UPDATE_CERTIFICATE
        }
    }

    /** The resources that must exist before the first connection: thing type, groups, named policies. */
    @JsonProperty("prerequisites")
    public List<Prerequisite> prerequisites() {
        List<Prerequisite> needed = new ArrayList<>();
        if (thing != null) {
            if (thing.thingTypeName() != null) {
                needed.add(new Prerequisite(Prerequisite.Kind.THING_TYPE, thing.thingTypeName()));
            }
            thing.thingGroups().forEach(g -> needed.add(new Prerequisite(Prerequisite.Kind.THING_GROUP, g)));
            if (thing.billingGroup() != null) {
                needed.add(new Prerequisite(Prerequisite.Kind.BILLING_GROUP, thing.billingGroup()));
            }
        }
        policies.stream()
                .filter(p -> !p.creates())
                .forEach(p -> needed.add(new Prerequisite(Prerequisite.Kind.POLICY, p.policyName())));
        return List.copyOf(needed);
    }

    /**
     * The JITP sequence for this certificate: register it (pending) → create the thing and assign its groups →
     * create policies from documents → attach every policy to the certificate → attach the certificate to the
     * thing → set the certificate's status.
     */
    @JsonProperty("steps")
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        String id = certificate.certificateId();
        String certificateLabel = "the certificate";
        steps.add(new Step(Step.Action.REGISTER_CERTIFICATE, id, "AWS IoT registers " + (id == null
                ? "the certificate (its id is known once it is issued)" : "certificate " + id)
                + " as PENDING_ACTIVATION"));
        if (thing != null) {
            steps.add(new Step(Step.Action.CREATE_THING, thing.thingName(), "create thing " + thing.thingName()
                    + describeThing()));
            thing.thingGroups().forEach(group -> steps.add(new Step(Step.Action.ADD_THING_TO_THING_GROUP, group,
                    "add thing " + thing.thingName() + " to thing group " + group)));
        }
        policies.stream().filter(Policy::creates).forEach(policy -> steps.add(new Step(Step.Action.CREATE_POLICY,
                policy.policyName(), "create policy " + policy.policyName() + " from the template's document")));
        policies.forEach(policy -> steps.add(new Step(Step.Action.ATTACH_POLICY, policy.policyName(),
                "attach policy " + policy.policyName() + " to " + certificateLabel)));
        if (thing != null) {
            steps.add(new Step(Step.Action.ATTACH_THING_PRINCIPAL, thing.thingName(),
                    "attach " + certificateLabel + " to thing " + thing.thingName()));
        }
        steps.add(new Step(Step.Action.UPDATE_CERTIFICATE, id, "set " + certificateLabel + " to "
                + certificate.status()));
        return List.copyOf(steps);
    }

    private String describeThing() {
        List<String> parts = new ArrayList<>();
        if (thing.thingTypeName() != null) {
            parts.add("type " + thing.thingTypeName());
        }
        if (!thing.attributes().isEmpty()) {
            parts.add(thing.attributes().size() + (thing.attributes().size() == 1 ? " attribute" : " attributes"));
        }
        if (thing.billingGroup() != null) {
            parts.add("billing group " + thing.billingGroup());
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }
}
