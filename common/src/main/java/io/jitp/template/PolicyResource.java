package io.jitp.template;

import java.util.Map;

/**
 * An {@code AWS::IoT::Policy} resource: either {@code PolicyName} (an existing IoT policy) or
 * {@code PolicyDocument} (a policy created at provisioning time, named after a hash of the document), never both.
 * A literal document is held as its compact JSON text; the readable form writes it as a JSON object and the
 * {@code templateBody} form as an escaped string, which is what the AWS JITP examples use.
 *
 * @param policyName {@code PolicyName}, or {@code null}
 * @param policyDocument {@code PolicyDocument}: a string expression whose value is an IoT policy JSON document,
 *     or {@code null}
 */
public record PolicyResource(Expression policyName, Expression policyDocument) implements Resource {

    /** Keeps a literal document in compact form, so documents that differ only in whitespace are equal. */
    public PolicyResource {
        if (policyDocument instanceof Expression.Text text) {
            policyDocument = new Expression.Text(JsonText.compactIfJson(text.value()));
        }
    }

    /** A policy created from a literal document (IoT policy JSON). */
    public static PolicyResource document(String policyDocument) {
        return new PolicyResource(null, Expression.text(policyDocument));
    }

    /** A reference to an existing policy. */
    public static PolicyResource named(String policyName) {
        return new PolicyResource(Expression.text(policyName), null);
    }

    @Override
    public String type() {
        return POLICY;
    }

    /** Policies have no {@code OverrideSettings}. */
    @Override
    public Map<OverridableProperty, OverrideAction> overrideSettings() {
        return Map.of();
    }
}
