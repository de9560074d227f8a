package io.jitp.emulator.policy;

import java.util.List;
import java.util.Map;

import io.jitp.emulator.state.IotErrorType;
import io.jitp.emulator.state.IotServiceException;
import io.jitp.error.JitpException;

/**
 * The emulator's view of {@link io.jitp.policy.IotPolicyDocument} (in {@code common}, shared with the broker's
 * doctor): the same parsing and evaluation, with a malformed document reported as AWS IoT reports it,
 * {@code MalformedPolicyException}.
 */
public final class IotPolicyDocument {

    private final io.jitp.policy.IotPolicyDocument document;

    private IotPolicyDocument(io.jitp.policy.IotPolicyDocument document) {
        this.document = document;
    }

    /**
     * Parses and checks a policy document.
     *
     * @throws IotServiceException {@code MalformedPolicyException} naming what is wrong
     */
    public static IotPolicyDocument parse(String document) {
        try {
            return new IotPolicyDocument(io.jitp.policy.IotPolicyDocument.parse(document));
        } catch (JitpException e) {
            throw IotServiceException.of(IotErrorType.MALFORMED_POLICY, e.getMessage());
        }
    }

    /** Evaluates this document alone (see {@link io.jitp.policy.IotPolicyDocument#evaluate}). */
    public io.jitp.policy.IotPolicyDocument.Decision evaluate(String action, String resource,
            Map<String, String> variables) {
        return document.evaluate(action, resource, variables);
    }

    /**
     * Evaluates several documents together, as IoT does for the policies attached to a principal.
     *
     * @return true only when some statement allows and none denies
     */
    public static boolean allows(List<IotPolicyDocument> documents, String action, String resource,
            Map<String, String> variables) {
        return io.jitp.policy.IotPolicyDocument.allows(documents.stream().map(d -> d.document).toList(), action,
                resource, variables);
    }
}
