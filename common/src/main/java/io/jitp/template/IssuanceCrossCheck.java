package io.jitp.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.jitp.error.JitpException;
import io.jitp.error.JitpException.Violation;
import io.jitp.error.Reason;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.SubjectField;

/**
 * Pairs a JITP template with the certificates an issuance policy produces: every subject parameter the template
 * declares must be a field every such certificate carries, or JITP fails for those devices (reference/aws-iot.md
 * section 4.2 step 6). A {@code Default} does not excuse a missing field (see {@link TemplateEngine}).
 */
public final class IssuanceCrossCheck {

    private IssuanceCrossCheck() {
    }

    /**
     * A template parameter that some certificates would not carry.
     *
     * @param parameter the template parameter, e.g. {@code AWS::IoT::Certificate::Organization}
     * @param field the subject field it needs
     */
    public record MissingParameter(String parameter, SubjectField field) {
    }

    /**
     * The template's subject parameters whose field is not among those every issued certificate carries, in the
     * template's (sorted) parameter order; empty when the pairing is safe.
     *
     * @param guaranteedSubjectFields the fields every certificate issued under the policy carries
     */
    public static List<MissingParameter> missingParameters(ProvisioningTemplate template,
            Set<SubjectField> guaranteedSubjectFields) {
        List<MissingParameter> missing = new ArrayList<>();
        for (String name : template.parameters().keySet()) {
            SubjectField.ofJitpParameter(name)
                    .filter(field -> !guaranteedSubjectFields.contains(field))
                    .ifPresent(field -> missing.add(new MissingParameter(name, field)));
        }
        return List.copyOf(missing);
    }

    /** The template's subject parameters that certificates issued under the policy would not always carry. */
    public static List<MissingParameter> missingParameters(ProvisioningTemplate template, IssuancePolicy policy) {
        return missingParameters(template, policy.guaranteedSubjectFields());
    }

    /** Refuses the pairing of a template with an issuance policy that does not guarantee its parameters. */
    public static void requireCompatible(ProvisioningTemplate template, IssuancePolicy policy) {
        requireCompatible(template, policy.guaranteedSubjectFields());
    }

    /**
     * Refuses the pairing ({@link Reason#FORBIDDEN}) when some issued certificates would not carry a parameter the
     * template declares, listing each one with the subject field to add.
     */
    public static void requireCompatible(ProvisioningTemplate template, Set<SubjectField> guaranteedSubjectFields) {
        List<MissingParameter> missing = missingParameters(template, guaranteedSubjectFields);
        if (missing.isEmpty()) {
            return;
        }
        List<Violation> violations = missing.stream()
                .map(m -> new Violation(JsonText.pointer("/Parameters", m.parameter()), "certificates issued under"
                        + " this policy do not always carry the subject field " + m.field().shortName()
                        + " (OID " + m.field().oid().getId() + "), which the template declares as " + m.parameter(),
                        "make " + m.field().shortName() + " a required subject field of the issuance policy, or"
                                + " remove " + m.parameter() + " from the template"))
                .toList();
        throw new JitpException(Reason.FORBIDDEN, "JITP would fail for some certificates issued under this policy: "
                + missing.size() + (missing.size() == 1 ? " template parameter is" : " template parameters are")
                + " not guaranteed", null, "align the issuance policy and the template", violations, null);
    }
}
