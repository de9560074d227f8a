package io.jitp.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.jitp.error.JitpException;

class SubjectNamesTest {

    @Test
    void parse_opensslStyle_equalsRfcStyle() {
        assertThat(SubjectNames.parse("/C=US/O=Acme, Inc./CN=Root", "subject"))
                .isEqualTo(SubjectNames.parse("C=US,O=Acme\\, Inc.,CN=Root", "subject"));
    }

    @Test
    void readAll_valueWithComma_isReturnedUnescaped() {
        assertThat(SubjectField.readAll(SubjectNames.parse("CN=a,O=Acme\\, Inc.", "subject")))
                .isEqualTo(Map.of(SubjectField.CN, "a", SubjectField.O, "Acme, Inc."));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "CN=a,C=USA|subject field C must be a two-letter ISO 3166 country code, not 'USA'",
            "CN=a,XYZ=1|the subject 'CN=a,XYZ=1' cannot be parsed: unknown attribute name",
            "CN=|subject field CN is empty",
            "serialNumber=a_b|subject field serialNumber may hold only letters, digits, spaces and"})
    void parse_invalidSubject_isRefusedNamingTheProblem(String subject, String message) {
        assertThatThrownBy(() -> SubjectNames.parse(subject, "subject"))
                .isInstanceOf(JitpException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void parseDevice_attributeOutsideJitpFields_isRefused() {
        assertThatThrownBy(() -> SubjectNames.parseDevice("CN=a,L=Berlin", "subject"))
                .isInstanceOf(JitpException.class)
                .hasMessage("subject attribute L is not one AWS IoT JITP reads");
    }

    @Test
    void parseDevice_repeatedField_isRefused() {
        assertThatThrownBy(() -> SubjectNames.parseDevice("CN=a,OU=x,OU=y", "subject"))
                .isInstanceOf(JitpException.class)
                .hasMessage("subject field OU appears more than once");
    }

    @Test
    void keyType_parse_acceptsLabelsCaseInsensitivelyAndRefusesOthers() {
        assertThat(KeyType.parse("P256")).isEqualTo(KeyType.P256);
        assertThatThrownBy(() -> KeyType.parse("ed25519"))
                .isInstanceOf(JitpException.class)
                .hasMessage("unknown key type 'ed25519'");
    }
}
