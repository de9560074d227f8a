package io.jitp.template;

import java.util.Map;

/**
 * One entry of a template's {@code Resources} section: a thing, a certificate or a policy. The logical id is the
 * key under which the resource is stored in {@link ProvisioningTemplate#resources()}.
 */
public sealed interface Resource permits ThingResource, CertificateResource, PolicyResource {

    /** The {@code Type} of a thing resource. */
    String THING = "AWS::IoT::Thing";
    /** The {@code Type} of a certificate resource. */
    String CERTIFICATE = "AWS::IoT::Certificate";
    /** The {@code Type} of a policy resource. */
    String POLICY = "AWS::IoT::Policy";

    /** The resource's {@code Type}. */
    String type();

    /** The {@code OverrideSettings}, by property; empty when the resource declares none. */
    Map<OverridableProperty, OverrideAction> overrideSettings();
}
