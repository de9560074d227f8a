package io.jitp.emulator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jitp.emulator.state.IotErrorType;
import io.jitp.emulator.state.IotServiceException;

class IotPolicyDocumentTest {

    private static final String ALIAS = "arn:aws:iot:us-east-1:123456789012:rolealias/fleet";
    private static final String ACTION = "iot:AssumeRoleWithCertificate";

    private static IotPolicyDocument policy(String statements) {
        return IotPolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}");
    }

    private static boolean allows(String statements, Map<String, String> variables) {
        return IotPolicyDocument.allows(List.of(policy(statements)), ACTION, ALIAS, variables);
    }

    @Test
    void wildcards_matchActionsWithoutCase_andResourcesWithCase() {
        assertThat(allows("{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}", Map.of())).isTrue();
        assertThat(allows("{\"Effect\":\"Allow\",\"Action\":\"IOT:assumerolewithcertificate\","
                + "\"Resource\":\"arn:aws:iot:*:*:rolealias/fle?t\"}", Map.of())).isTrue();
        assertThat(allows("{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:AssumeRole*\"],"
                + "\"Resource\":[\"arn:aws:iot:us-east-1:123456789012:rolealias/FLEET\"]}", Map.of())).isFalse();
        assertThat(allows("{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}", Map.of()))
                .isFalse();
    }

    @Test
    void explicitDeny_winsAcrossDocuments() {
        IotPolicyDocument allow = policy("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        IotPolicyDocument deny = policy("{\"Effect\":\"Deny\",\"Action\":\"iot:AssumeRoleWithCertificate\","
                + "\"Resource\":\"" + ALIAS + "\"}");

        assertThat(IotPolicyDocument.allows(List.of(allow, deny), ACTION, ALIAS, Map.of())).isFalse();
        assertThat(IotPolicyDocument.allows(List.of(allow), ACTION, ALIAS, Map.of())).isTrue();
        assertThat(IotPolicyDocument.allows(List.of(), ACTION, ALIAS, Map.of())).isFalse();
    }

    @Test
    void notActionAndNotResource_invertTheMatch() {
        assertThat(allows("{\"Effect\":\"Allow\",\"NotAction\":\"iot:Publish\",\"Resource\":\"*\"}", Map.of()))
                .isTrue();
        assertThat(allows("{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotResource\":\"" + ALIAS + "\"}", Map.of()))
                .isFalse();
    }

    @Test
    void policyVariables_areSubstituted_andAMissingOneNeverMatches() {
        String statement = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":"
                + "\"arn:aws:iot:us-east-1:123456789012:rolealias/${iot:Connection.Thing.ThingName}\"}";

        assertThat(allows(statement, Map.of("iot:Connection.Thing.ThingName", "fleet"))).isTrue();
        assertThat(allows(statement, Map.of("iot:Connection.Thing.ThingName", "other"))).isFalse();
        assertThat(allows(statement, Map.of())).isFalse();
        assertThat(allows(statement, Map.of("iot:Connection.Thing.ThingName", "*"))).isFalse();
    }

    @Test
    void conditions_neverGrant_butAlwaysDeny() {
        assertThat(allows("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":"
                + "{\"iot:Connection.Thing.IsAttached\":\"true\"}}}", Map.of())).isFalse();
        assertThat(allows("[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Deny\","
                + "\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"x\":\"true\"}}}]", Map.of()))
                .isFalse();
    }

    @Test
    void malformedDocuments_nameTheirProblem() {
        assertMalformed("", "empty");
        assertMalformed("{oops", "not valid JSON");
        assertMalformed("[]", "JSON object");
        assertMalformed("{\"Statement\":[]}", "Statement is empty");
        assertMalformed("{\"Version\":\"2099-01-01\",\"Statement\":{}}", "Version");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}", "Action and NotAction");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}}",
                "non-empty list");
        assertMalformed("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Extra\":1}}",
                "unknown key 'Extra'");
        assertMalformed("{\"Statements\":{}}", "unknown key 'Statements'");
    }

    private static void assertMalformed(String document, String message) {
        assertThatThrownBy(() -> IotPolicyDocument.parse(document))
                .isInstanceOfSatisfying(IotServiceException.class, e -> {
                    assertThat(e.type()).isEqualTo(IotErrorType.MALFORMED_POLICY);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
