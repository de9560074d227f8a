package io.jitp.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

class IssuancePolicyTest {

    @Test
    void guaranteedSubjectFields_defaults_isCommonNameOnly() {
        assertThat(IssuancePolicy.defaults().guaranteedSubjectFields()).containsExactly(SubjectField.CN);
    }

    @Test
    void guaranteedSubjectFields_fixedAndRequired_includesBothAndCommonName() {
        IssuancePolicy policy = IssuancePolicy.defaults()
                .withFixedFields(Map.of(SubjectField.O, "Acme"))
                .withRequiredFields(Set.of(SubjectField.SERIAL_NUMBER));

        assertThat(policy.guaranteedSubjectFields())
                .containsExactlyInAnyOrder(SubjectField.CN, SubjectField.O, SubjectField.SERIAL_NUMBER);
    }

    @Test
    void enforce_acceptedCsr_buildsSubjectFromPolicy() {
        IssuancePolicy policy = IssuancePolicy.defaults().withFixedFields(Map.of(SubjectField.OU, "Sensors"));
        Csr csr = TestPki.csr(KeyType.P256, "CN=pump-12,O=Acme,OU=Sensors,serialNumber=SN-1");

        var subject = policy.enforce(csr, Duration.ofDays(1));

        assertThat(SubjectField.readAll(subject)).containsExactlyInAnyOrderEntriesOf(Map.of(SubjectField.CN,
                "pump-12", SubjectField.O, "Acme", SubjectField.OU, "Sensors", SubjectField.SERIAL_NUMBER, "SN-1"));
    }

    @Test
    void enforce_rsa1024Key_isRefusedNamingTheKey() {
        Csr csr = TestKeys.csr(TestKeys.rsa1024(), "CN=old-device", "SHA256withRSA");

        assertThatThrownBy(() -> IssuancePolicy.defaults().enforce(csr, Duration.ofDays(1)))
                .isInstanceOf(JitpException.class)
                .hasMessage("key type RSA-1024 is not allowed by the issuance policy")
                .extracting(e -> ((JitpException) e).reason())
                .isEqualTo(Reason.FORBIDDEN);
    }

    @Test
    void enforce_keyTypeOutsideAllowedList_isRefused() {
        IssuancePolicy policy = IssuancePolicy.defaults().withAllowedKeyTypes(Set.of(KeyType.P256));

        assertThatThrownBy(() -> policy.enforce(TestPki.csr(KeyType.RSA2048, "CN=d1"), Duration.ofDays(1)))
                .isInstanceOf(JitpException.class)
                .hasMessage("key type rsa2048 is not allowed by the issuance policy");
    }

    @Test
    void enforce_missingRequiredField_namesTheField() {
        IssuancePolicy policy = IssuancePolicy.defaults().withRequiredFields(Set.of(SubjectField.O));

        assertThatThrownBy(() -> policy.enforce(TestPki.csr(KeyType.P256, "CN=d1"), Duration.ofDays(1)))
                .isInstanceOf(JitpException.class)
                .hasMessage("subject field O is required by the issuance policy and missing")
                .extracting(e -> ((JitpException) e).field())
                .isEqualTo("subject.O");
    }

    @Test
    void enforce_requiredFieldSuppliedByFixedValue_isAccepted() {
        IssuancePolicy policy = IssuancePolicy.defaults()
                .withRequiredFields(Set.of(SubjectField.O))
                .withFixedFields(Map.of(SubjectField.O, "Acme"));

        var subject = policy.enforce(TestPki.csr(KeyType.P256, "CN=d1"), Duration.ofDays(1));

        assertThat(SubjectField.O.valueIn(subject)).contains("Acme");
    }

    @Test
    void enforce_forbiddenField_isRefused() {
        IssuancePolicy policy = IssuancePolicy.defaults().withForbiddenFields(Set.of(SubjectField.OU));

        assertThatThrownBy(() -> policy.enforce(TestPki.csr(KeyType.P256, "CN=d1,OU=x"), Duration.ofDays(1)))
                .isInstanceOf(JitpException.class)
                .hasMessage("subject field OU is forbidden by the issuance policy");
    }

    @Test
    void enforce_fixedFieldWithOtherValue_isRefused() {
        IssuancePolicy policy = IssuancePolicy.defaults().withFixedFields(Map.of(SubjectField.O, "Acme"));

        assertThatThrownBy(() -> policy.enforce(TestPki.csr(KeyType.P256, "CN=d1,O=Evil"), Duration.ofDays(1)))
                .isInstanceOf(JitpException.class)
                .hasMessage("subject field O is fixed to 'Acme' by the issuance policy, the request has 'Evil'");
    }

    @Test
    void enforce_commonNameNotAThingName_isRefusedNamingThePattern() {
        assertThatThrownBy(() -> IssuancePolicy.defaults().enforce(TestPki.csr(KeyType.P256, "CN=has space"),
                Duration.ofDays(1)))
                .isInstanceOf(JitpException.class)
                .hasMessage("CN 'has space' does not match the issuance policy's CN pattern "
                        + IssuancePolicy.THING_NAME_PATTERN);
    }

    @Test
    void enforce_noCommonNameAndNoThingName_isRefused() {
        assertThatThrownBy(() -> IssuancePolicy.defaults().enforce(TestPki.csr(KeyType.P256, "O=Acme"),
                Duration.ofDays(1)))
                .isInstanceOf(JitpException.class)
                .hasMessage("no thing name: the request has no CN");
    }

    @Test
    void enforce_commonNameDifferentFromThingName_isRefused() {
        Csr csr = TestPki.csr(KeyType.P256, "CN=other");

        assertThatThrownBy(() -> IssuancePolicy.defaults().enforce(csr.subject(), csr.publicKeyInfo(), "mine",
                Duration.ofDays(1)))
                .isInstanceOf(JitpException.class)
                .hasMessage("subject CN 'other' differs from the thing name 'mine'");
    }

    @Test
    void enforce_validityAboveMaximum_isRefused() {
        IssuancePolicy policy = IssuancePolicy.defaults().withMaxValidity(Duration.ofDays(90));

        assertThatThrownBy(() -> policy.enforce(TestPki.csr(KeyType.P256, "CN=d1"), Duration.ofDays(91)))
                .isInstanceOf(JitpException.class)
                .hasMessage("a validity of 91 days exceeds the issuance policy's maximum of 90 days");
    }

    @Test
    void enforce_severalRulesBroken_reportsEveryViolation() {
        IssuancePolicy policy = IssuancePolicy.defaults()
                .withRequiredFields(Set.of(SubjectField.O))
                .withForbiddenFields(Set.of(SubjectField.OU));

        assertThatThrownBy(() -> policy.enforce(TestPki.csr(KeyType.P256, "CN=d1,OU=x"), Duration.ofDays(1)))
                .isInstanceOf(JitpException.class)
                .hasMessage("the request breaks 2 rules of the issuance policy")
                .satisfies(e -> assertThat(((JitpException) e).violations()).extracting(v -> v.pointer())
                        .containsExactlyInAnyOrder("subject.O", "subject.OU"));
    }

    @Test
    void constructor_commonNameFixed_isRefused() {
        assertThatThrownBy(() -> IssuancePolicy.defaults().withFixedFields(Map.of(SubjectField.CN, "x")))
                .isInstanceOf(JitpException.class)
                .hasMessageContaining("CN is always the thing name");
    }

    @Test
    void constructor_fieldForbiddenAndRequired_isRefused() {
        assertThatThrownBy(() -> new IssuancePolicy(EnumSet.allOf(KeyType.class), Set.of(SubjectField.O),
                Set.of(SubjectField.O), Map.of(), null, null))
                .isInstanceOf(JitpException.class)
                .hasMessage("invalid issuance policy: field O is both forbidden and required or fixed");
    }

    @Test
    void constructor_badPattern_isRefused() {
        assertThatThrownBy(() -> IssuancePolicy.defaults().withCommonNamePattern("[a-"))
                .isInstanceOf(JitpException.class)
                .hasMessageStartingWith("invalid issuance policy: the CN pattern is not a valid regular expression");
    }

    @Test
    void constructor_collections_areCopiedAndImmutable() {
        Set<SubjectField> required = EnumSet.of(SubjectField.O);
        IssuancePolicy policy = IssuancePolicy.defaults().withRequiredFields(required);

        required.add(SubjectField.OU);

        assertThat(policy.requiredFields()).containsExactly(SubjectField.O);
        assertThatThrownBy(() -> policy.requiredFields().add(SubjectField.C))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
