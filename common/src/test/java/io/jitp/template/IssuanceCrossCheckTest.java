package io.jitp.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.SubjectField;
import io.jitp.template.IssuanceCrossCheck.MissingParameter;

class IssuanceCrossCheckTest {

    @Test
    void missingParameters_policyGuaranteeingOnlyCnAndO_listsTheOtherDeclaredSubjectParameters() {
        ProvisioningTemplate template = Goldens.template(Goldens.GROUPS_AND_ATTRIBUTES);

        List<MissingParameter> missing = IssuanceCrossCheck.missingParameters(template,
                EnumSet.of(SubjectField.CN, SubjectField.O));

        assertThat(missing).containsExactly(
                new MissingParameter("AWS::IoT::Certificate::Country", SubjectField.C),
                new MissingParameter("AWS::IoT::Certificate::OrganizationalUnit", SubjectField.OU),
                new MissingParameter("AWS::IoT::Certificate::SerialNumber", SubjectField.SERIAL_NUMBER));
    }

    @Test
    void missingParameters_everyFieldGuaranteed_isEmpty() {
        ProvisioningTemplate template = Goldens.template(Goldens.GROUPS_AND_ATTRIBUTES);

        List<MissingParameter> missing = IssuanceCrossCheck.missingParameters(template,
                EnumSet.allOf(SubjectField.class));

        assertThat(missing).isEmpty();
    }

    @Test
    void missingParameters_templateUsingOnlyTheCertificateId_needsNoSubjectField() {
        ProvisioningTemplate template = Goldens.template(Goldens.FIXED_POLICY_BY_NAME);

        List<MissingParameter> missing = IssuanceCrossCheck.missingParameters(template, Set.of());

        assertThat(missing).isEmpty();
    }

    @Test
    void requireCompatible_missingField_isForbiddenAndNamesTheField() {
        ProvisioningTemplate template = Goldens.template(Goldens.JOIN_AND_SUB_NAMES);

        assertThatThrownBy(() -> IssuanceCrossCheck.requireCompatible(template, EnumSet.of(SubjectField.CN,
                SubjectField.O)))
                .isInstanceOfSatisfying(JitpException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN);
                    assertThat(e.getMessage()).isEqualTo("JITP would fail for some certificates issued under this"
                            + " policy: 1 template parameter is not guaranteed");
                    assertThat(e.violations()).singleElement().satisfies(v -> {
                        assertThat(v.pointer()).isEqualTo("/Parameters/AWS::IoT::Certificate::OrganizationalUnit");
                        assertThat(v.message()).contains("subject field OU (OID 2.5.4.11)");
                        assertThat(v.fix()).startsWith("make OU a required subject field");
                    });
                });
    }

    @Test
    void missingParameters_issuancePolicy_usesTheFieldsItGuarantees() {
        ProvisioningTemplate template = Goldens.template(Goldens.GROUPS_AND_ATTRIBUTES);
        IssuancePolicy policy = IssuancePolicy.defaults()
                .withRequiredFields(EnumSet.of(SubjectField.OU, SubjectField.SERIAL_NUMBER))
                .withFixedFields(Map.of(SubjectField.O, "Acme"));

        List<MissingParameter> missing = IssuanceCrossCheck.missingParameters(template, policy);

        assertThat(missing).containsExactly(new MissingParameter("AWS::IoT::Certificate::Country", SubjectField.C));
        assertThatThrownBy(() -> IssuanceCrossCheck.requireCompatible(template, policy))
                .isInstanceOfSatisfying(JitpException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN));
        IssuanceCrossCheck.requireCompatible(template, policy.withFixedFields(Map.of(SubjectField.O, "Acme",
                SubjectField.C, "DE")));
    }

    @Test
    void missingParameters_defaultPolicy_guaranteesOnlyTheCommonName() {
        List<MissingParameter> missing = IssuanceCrossCheck.missingParameters(
                Goldens.template(Goldens.THING_FROM_COMMON_NAME), IssuancePolicy.defaults());

        assertThat(missing).isEmpty();
    }

    @Test
    void requireCompatible_allGuaranteed_passes() {
        ProvisioningTemplate template = Goldens.template(Goldens.JOIN_AND_SUB_NAMES);

        IssuanceCrossCheck.requireCompatible(template, EnumSet.of(SubjectField.CN, SubjectField.O, SubjectField.OU));

        assertThat(IssuanceCrossCheck.missingParameters(template, EnumSet.of(SubjectField.CN, SubjectField.O,
                SubjectField.OU))).extracting(MissingParameter::parameter).isEmpty();
    }
}
