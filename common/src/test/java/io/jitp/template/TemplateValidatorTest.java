package io.jitp.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.jitp.error.JitpException;
import io.jitp.error.JitpException.Violation;
import io.jitp.error.Reason;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class TemplateValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String THING = "/Resources/thing/Properties";
    private static final String NAME = THING + "/ThingName";
    private static final String CERTIFICATE = "/Resources/certificate/Properties";
    private static final String POLICY = "/Resources/policy/Properties";
    private static final String DOCUMENT = POLICY + "/PolicyDocument";
    private static final String STATEMENT = DOCUMENT + "/Statement/0";
    private static final String CN = "/Parameters/AWS::IoT::Certificate::CommonName";
    private static final String VALID_DOCUMENT = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
            + " \"Action\": \"iot:Connect\", \"Resource\": \"*\"}]}";
    private static final String REMOVE = null;

    /** Base: the golden minimal template (thing from CN, certificate, policy by name). */
    private static ObjectNode base() {
        try {
            return (ObjectNode) JSON.readTree(Goldens.text(Goldens.THING_FROM_COMMON_NAME));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One failing example per rule: expected pointer, expected message fragment, then the edits (pointer, JSON value
     * or REMOVE) applied to the base template.
     */
    static Stream<Arguments> rules() {
        return Stream.of(
                rule("", "a template is a JSON object", "", "[]"),
                rule("/Conditions", "unknown key 'Conditions'", "/Conditions", "{}"),
                rule("/resources", "did you mean 'Resources'?", "/resources", "{}"),
                rule("/DeviceConfiguration", "belongs to fleet-provisioning templates", "/DeviceConfiguration",
                        "{\"a\": \"b\"}"),
                rule("/Parameters", "Parameters must be an object", "/Parameters", "[]"),
                rule(CN, "a parameter is declared as an object", CN, "\"String\""),
                rule(CN + "/Description", "unknown key 'Description'", CN + "/Description", "\"x\""),
                rule(CN + "/Type", "the parameter has no Type", CN + "/Type", REMOVE),
                rule(CN + "/Type", "support only String parameters", CN + "/Type", "\"Number\""),
                rule(CN + "/Default", "a Default must be a string", CN + "/Default", "5"),
                rule("/Parameters/Location", "not one of its eight parameters and has no Default",
                        "/Parameters/Location", "{\"Type\": \"String\"}"),
                rule("/Parameters/AWS::IoT::Certificate::Locality", "not one of the eight parameters JITP fills",
                        "/Parameters/AWS::IoT::Certificate::Locality", "{\"Type\": \"String\"}"),
                rule("/Mappings", "Mappings must be an object", "/Mappings", "[]"),
                rule("/Mappings/M", "a mapping is an object of top-level keys", "/Mappings", "{\"M\": \"x\"}"),
                rule("/Mappings/M/a/b", "cannot contain parameters or intrinsic functions", "/Mappings",
                        "{\"M\": {\"a\": {\"b\": {\"Ref\": \"AWS::IoT::Certificate::Id\"}}}}"),
                rule("/Mappings/M/a/b", "a mapping value is a string or a non-empty list", "/Mappings",
                        "{\"M\": {\"a\": {\"b\": 7}}}"),
                rule("/Resources", "the template has no Resources", "/Resources", REMOVE),
                rule("/Resources", "Resources must be an object", "/Resources", "[]"),
                rule("/Resources/thing", "a resource is an object with Type and Properties", "/Resources/thing",
                        "\"thing\""),
                rule("/Resources/thing/DependsOn", "unknown key 'DependsOn'", "/Resources/thing/DependsOn",
                        "\"certificate\""),
                rule("/Resources/thing", "the resource has no Type", "/Resources/thing/Type", REMOVE),
                rule("/Resources/thing/Type", "did you mean 'AWS::IoT::Thing'?", "/Resources/thing/Type",
                        "\"AWS::IoT::Thingy\""),
                rule("/Resources/thing", "the resource has no Properties", "/Resources/thing/Properties", REMOVE),
                rule("/Resources/thing/Properties", "Properties must be an object", "/Resources/thing/Properties",
                        "[]"),
                rule(THING + "/ThingTypename", "did you mean 'ThingTypeName'?", THING + "/ThingTypename", "\"t\""),
                rule(THING, "the resource has no ThingName", NAME, REMOVE),
                rule(NAME, "not a number", NAME, "42"),
                rule(NAME, "'my thing' is not a valid thing name", NAME, "\"my thing\""),
                rule(THING + "/AttributePayload", "AttributePayload must be an object", THING + "/AttributePayload",
                        "[\"a\"]"),
                rule(THING + "/AttributePayload/bad name", "not a valid attribute name",
                        THING + "/AttributePayload", "{\"bad name\": \"v\"}"),
                rule(THING + "/AttributePayload/a", "'a$b' is not a valid attribute value",
                        THING + "/AttributePayload", "{\"a\": \"a$b\"}"),
                rule(THING + "/AttributePayload", "at most 3 attributes; this one has 4", THING + "/AttributePayload",
                        "{\"a\": \"1\", \"b\": \"2\", \"c\": \"3\", \"d\": \"4\"}"),
                rule(THING + "/ThingGroups", "expected a list here", THING + "/ThingGroups", "\"group\""),
                rule(THING + "/ThingGroups/0", "'group one' is not a valid thing group name", THING + "/ThingGroups",
                        "[\"group one\"]"),
                rule(THING + "/BillingGroup", "expected a string here, but this is a list", THING + "/BillingGroup",
                        "[\"billing\"]"),
                rule(THING + "/ThingTypeName", "not a valid thing type name", THING + "/ThingTypeName", "\"a/b\""),
                rule(CERTIFICATE + "/CertificatePem", "is for bulk registration", CERTIFICATE + "/CertificatePem",
                        "{\"Ref\": \"AWS::IoT::Certificate::Id\"}"),
                rule(CERTIFICATE + "/CertificateSigningRequest", "is for bulk registration",
                        CERTIFICATE + "/CertificateSigningRequest", "\"csr\""),
                rule(CERTIFICATE, "the certificate has no CertificateId", CERTIFICATE + "/CertificateId", REMOVE),
                rule(CERTIFICATE + "/CertificateId", "the one being provisioned", CERTIFICATE + "/CertificateId",
                        "{\"Ref\": \"AWS::IoT::Certificate::CommonName\"}"),
                rule(CERTIFICATE + "/CertificateId", "the one being provisioned", CERTIFICATE + "/CertificateId",
                        "\"0123\""),
                rule(CERTIFICATE + "/Status", "Status must be ACTIVE or INACTIVE, not 'Active'",
                        CERTIFICATE + "/Status", "\"Active\""),
                rule(POLICY, "a policy needs PolicyName", POLICY + "/PolicyName", REMOVE),
                rule(POLICY, "a policy has PolicyName or PolicyDocument, not both", DOCUMENT, VALID_DOCUMENT),
                rule(POLICY + "/PolicyName", "'Device Policy' is not a valid policy name", POLICY + "/PolicyName",
                        "\"Device Policy\""),
                rule(DOCUMENT, "PolicyDocument is not valid JSON", POLICY, "{\"PolicyDocument\": \"{oops\"}"),
                rule(DOCUMENT, "PolicyDocument must be an IoT policy", POLICY, "{\"PolicyDocument\": 3}"),
                rule(DOCUMENT + "/Version", "the policy document has no Version", POLICY,
                        "{\"PolicyDocument\": {\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iot:*\","
                                + " \"Resource\": \"*\"}]}}"),
                rule(DOCUMENT + "/Version", "the policy Version must be 2012-10-17", POLICY,
                        document("\"Version\": \"2008-10-17\"", "\"Effect\": \"Allow\", \"Action\": \"iot:*\","
                                + " \"Resource\": \"*\"")),
                rule(DOCUMENT + "/Statement", "the policy document has no Statement", POLICY,
                        "{\"PolicyDocument\": {\"Version\": \"2012-10-17\"}}"),
                rule(DOCUMENT + "/Id", "'Id' is not an element of an IoT policy document", POLICY,
                        "{\"PolicyDocument\": {\"Version\": \"2012-10-17\", \"Id\": \"x\", \"Statement\":"
                                + " {\"Effect\": \"Allow\", \"Action\": \"iot:*\", \"Resource\": \"*\"}}}"),
                rule(STATEMENT + "/Effect", "Effect must be Allow or Deny", POLICY,
                        document(null, "\"Effect\": \"Permit\", \"Action\": \"iot:*\", \"Resource\": \"*\"")),
                rule(STATEMENT + "/Action", "the statement has no Action", POLICY,
                        document(null, "\"Effect\": \"Allow\", \"Resource\": \"*\"")),
                rule(STATEMENT + "/Action", "the statement has both Action and NotAction", POLICY,
                        document(null, "\"Effect\": \"Allow\", \"Action\": \"iot:*\", \"NotAction\": \"iot:Publish\","
                                + " \"Resource\": \"*\"")),
                rule(STATEMENT + "/Principal", "(IoT policies attach to certificates)", POLICY,
                        document(null, "\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"iot:*\","
                                + " \"Resource\": \"*\"")),
                rule(STATEMENT + "/Resource", "Resource must be a string or a non-empty list", POLICY,
                        document(null, "\"Effect\": \"Allow\", \"Action\": \"iot:*\", \"Resource\": 1")),
                rule(STATEMENT + "/Action/1", "Action items must be non-empty strings", POLICY,
                        document(null, "\"Effect\": \"Allow\", \"Action\": [\"iot:Connect\", 2], \"Resource\": \"*\"")),
                rule(STATEMENT + "/Condition", "Condition must be a JSON object", POLICY,
                        document(null, "\"Effect\": \"Allow\", \"Action\": \"iot:*\", \"Resource\": \"*\","
                                + " \"Condition\": \"yes\"")),
                rule(STATEMENT + "/Effect", "the statement has no Effect", POLICY,
                        "{\"PolicyDocument\": \"{\\\"Version\\\": \\\"2012-10-17\\\", \\\"Statement\\\":"
                                + " [{\\\"Action\\\": \\\"iot:*\\\", \\\"Resource\\\": \\\"*\\\"}]}\"}"),
                rule("/Resources/policy/OverrideSettings", "policies have no OverrideSettings",
                        "/Resources/policy/OverrideSettings", "{\"PolicyName\": \"REPLACE\"}"),
                rule("/Resources/thing/OverrideSettings/BillingGroup", "cannot be overridden on a thing",
                        "/Resources/thing/OverrideSettings", "{\"BillingGroup\": \"REPLACE\"}"),
                rule("/Resources/thing/OverrideSettings/Status", "cannot be overridden on a thing",
                        "/Resources/thing/OverrideSettings", "{\"Status\": \"REPLACE\"}"),
                rule("/Resources/certificate/OverrideSettings/ThingGroups", "cannot be overridden on a certificate",
                        "/Resources/certificate/OverrideSettings", "{\"ThingGroups\": \"MERGE\"}"),
                rule("/Resources/thing/OverrideSettings/ThingGroups", "'OVERWRITE' is not an override action",
                        "/Resources/thing/OverrideSettings", "{\"ThingGroups\": \"OVERWRITE\"}"),
                rule("/Resources/thing/OverrideSettings/ThingTypeName", "MERGE applies only",
                        "/Resources/thing/OverrideSettings", "{\"ThingTypeName\": \"MERGE\"}"),
                rule("/Resources/thing/OverrideSettings/THING_GROUPS", "ThingGroups is overridden twice",
                        "/Resources/thing/OverrideSettings",
                        "{\"ThingGroups\": \"MERGE\", \"THING_GROUPS\": \"FAIL\"}"),
                rule("/Resources/thing/OverrideSettings", "OverrideSettings must be an object",
                        "/Resources/thing/OverrideSettings", "\"MERGE\""),
                rule("/Resources/thing2", "at most one AWS::IoT::Thing, and 'thing' is one already",
                        "/Resources/thing2", "{\"Type\": \"AWS::IoT::Thing\", \"Properties\": {\"ThingName\": \"x\"}}"),
                rule("/Resources/second", "at most one AWS::IoT::Certificate", "/Resources/second",
                        "{\"Type\": \"AWS::IoT::Certificate\", \"Properties\": {\"CertificateId\":"
                                + " {\"Ref\": \"AWS::IoT::Certificate::Id\"}}}"),
                rule("/Resources", "a JITP template needs an AWS::IoT::Certificate resource", "/Resources/certificate",
                        REMOVE),
                rule(NAME + "/Fn::If", "'Fn::If' is not supported", NAME, "{\"Fn::If\": [\"c\", \"a\", \"b\"]}"),
                rule(NAME + "/Fn::GetAtt", "'Fn::GetAtt' is not supported", NAME, "{\"Fn::GetAtt\": [\"a\", \"b\"]}"),
                rule(NAME + "/Fn::Base64", "'Fn::Base64' is not supported", NAME, "{\"Fn::Base64\": \"a\"}"),
                rule(NAME + "/Fn:Join", "did you mean 'Fn::Join'?", NAME, "{\"Fn:Join\": [\"-\", [\"a\"]]}"),
                rule(NAME + "/Condition", "'Condition' is not supported", NAME, "{\"Condition\": \"c\"}"),
                rule(NAME, "an intrinsic function is an object with exactly one key", NAME,
                        "{\"Ref\": \"AWS::IoT::Certificate::CommonName\", \"Fn::Join\": [\"-\", []]}"),
                rule(NAME, "not an object with key 'name'", NAME, "{\"name\": \"x\"}"),
                rule(NAME + "/Ref", "Ref names 'CommonName', which is not declared", NAME, "{\"Ref\": \"CommonName\"}"),
                rule(NAME + "/Ref", "Ref takes the name of a declared parameter", NAME, "{\"Ref\": [\"a\"]}"),
                rule(NAME + "/Fn::Join", "Fn::Join takes 2 arguments", NAME, "{\"Fn::Join\": [\"-\"]}"),
                rule(NAME + "/Fn::Join/0", "the Fn::Join delimiter must be a literal string", NAME,
                        "{\"Fn::Join\": [{\"Ref\": \"AWS::IoT::Certificate::CommonName\"}, [\"a\"]]}"),
                rule(NAME + "/Fn::Join/1", "expected a list here", NAME,
                        "{\"Fn::Join\": [\"-\", {\"Ref\": \"AWS::IoT::Certificate::CommonName\"}]}"),
                rule(NAME + "/Fn::Select/0", "'first' is not a non-negative integer", NAME,
                        "{\"Fn::Select\": [\"first\", [\"a\", \"b\"]]}"),
                rule(NAME + "/Fn::Select/0", "index 2 is out of bounds for a list of 2 items", NAME,
                        "{\"Fn::Select\": [2, [\"a\", \"b\"]]}"),
                rule(NAME + "/Fn::Select/0", "the Fn::Select index must be a non-negative integer", NAME,
                        "{\"Fn::Select\": [-1, [\"a\", \"b\"]]}"),
                rule(NAME + "/Fn::Select/1/Fn::Split/0", "the Fn::Split delimiter must be a non-empty literal string",
                        NAME,
                        "{\"Fn::Select\": [\"0\", {\"Fn::Split\": [\"\", \"a-b\"]}]}"),
                rule(NAME, "expected a string here, but this is a list", NAME, "{\"Fn::Split\": [\"-\", \"a-b\"]}"),
                rule(NAME + "/Fn::Sub", "${Location}, which is neither a declared parameter nor a variable", NAME,
                        "{\"Fn::Sub\": \"dev-${Location}\"}"),
                rule(NAME + "/Fn::Sub", "'${' at offset 4 has no closing '}'", NAME, "{\"Fn::Sub\": \"dev-${a\"}"),
                rule(NAME + "/Fn::Sub", "Fn::Sub takes a string, or a string and an object", NAME,
                        "{\"Fn::Sub\": 12}"),
                rule(NAME + "/Fn::Sub/1/v/Ref", "not declared in Parameters", NAME,
                        "{\"Fn::Sub\": [\"dev-${v}\", {\"v\": {\"Ref\": \"Nope\"}}]}"),
                rule(NAME + "/Fn::FindInMap/0", "there is no mapping 'Nope'", NAME,
                        "{\"Fn::FindInMap\": [\"Nope\", \"a\", \"b\"]}"),
                rule(NAME + "/Fn::FindInMap/1", "mapping 'M' has no key 'x'", "/Mappings", "{\"M\": {\"a\": {\"b\":"
                        + " \"v\"}}}", NAME, "{\"Fn::FindInMap\": [\"M\", \"x\", \"b\"]}"),
                rule(NAME + "/Fn::FindInMap/2", "mapping 'M/a' has no key 'y'", "/Mappings", "{\"M\": {\"a\": {\"b\":"
                        + " \"v\"}}}", NAME, "{\"Fn::FindInMap\": [\"M\", \"a\", \"y\"]}"),
                rule(NAME + "/Fn::FindInMap", "Fn::FindInMap takes 3 arguments", NAME,
                        "{\"Fn::FindInMap\": [\"M\", \"a\"]}"),
                rule(NAME, "expected a string here, but this is a list", "/Mappings",
                        "{\"M\": {\"a\": {\"b\": [\"x\", \"y\"]}}}", NAME,
                        "{\"Fn::FindInMap\": [\"M\", \"a\", \"b\"]}"),
                rule("", "characters; AWS accepts at most 10240", "/Resources/thing/Properties/AttributePayload",
                        "{\"a\": \"" + "x".repeat(800) + "\"}", "/Resources/thing/Properties/ThingTypeName", "\"t\"",
                        "/Resources/policy/Properties", "{\"PolicyDocument\": {\"Version\": \"2012-10-17\","
                                + " \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": ["
                                + "\"arn:aws:iot:us-east-1:123456789012:client/x\",".repeat(200) + "\"*\"]}}}"));
    }

    private static String document(String version, String statement) {
        return "{\"PolicyDocument\": {" + (version == null ? "\"Version\": \"2012-10-17\"" : version)
                + ", \"Statement\": [{" + statement + "}]}}";
    }

    private static Arguments rule(String pointer, String message, String... edits) {
        return Arguments.of(pointer, message, Arrays.asList(edits));
    }

    @ParameterizedTest(name = "{1} at {0}")
    @MethodSource("rules")
    void validate_brokenTemplate_reportsThePointerAndTheProblem(String pointer, String message, List<String> edits)
            throws Exception {
        JsonNode broken = edit(base(), edits);

        List<Violation> violations = TemplateValidator.check(broken).violations();

        assertThat(violations)
                .as("violations %s", violations)
                .anySatisfy(v -> {
                    assertThat(v.pointer()).isEqualTo(pointer);
                    assertThat(v.message()).contains(message);
                    assertThat(v.fix()).isNotBlank();
                });
        assertThatThrownBy(() -> TemplateCodec.parse(JSON.writeValueAsString(broken)))
                .isInstanceOfSatisfying(JitpException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
                    assertThat(e.violations()).isEqualTo(violations);
                });
    }

    @Test
    void validate_templateWithSeveralProblems_reportsEveryOneInDocumentOrder() throws Exception {
        JsonNode broken = edit(base(), List.of(
                "/Parameters/Location", "{\"Type\": \"String\"}",
                CERTIFICATE + "/Status", "\"Active\"",
                POLICY + "/PolicyName", "\"Device Policy\"",
                NAME, "{\"Fn::If\": [\"c\", \"a\", \"b\"]}"));

        List<Violation> violations = TemplateValidator.check(broken).violations();

        assertThat(violations).extracting(Violation::pointer).containsExactly(
                "/Parameters/Location",
                CERTIFICATE + "/Status",
                POLICY + "/PolicyName",
                NAME + "/Fn::If");
        assertThatThrownBy(() -> TemplateCodec.parse(JSON.writeValueAsString(broken)))
                .isInstanceOf(JitpException.class)
                .hasMessage("the template has 4 problems");
    }

    @Test
    void validate_bodyOfExactly10240Characters_isAcceptedAndOneMoreIsNot() throws Exception {
        String policy = "{\"PolicyDocument\": {\"Version\": \"2012-10-17\", \"Statement\": {\"Sid\": \"%s\","
                + " \"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \"*\"}}}";
        JsonNode empty = edit(base(), List.of(POLICY, policy.formatted("")));
        int room = TemplateCodec.MAX_BODY_LENGTH - TemplateCodec.toBody(TemplateCodec.parse(empty.toString())).length();

        JsonNode full = edit(base(), List.of(POLICY, policy.formatted("s".repeat(room))));
        JsonNode over = edit(base(), List.of(POLICY, policy.formatted("s".repeat(room + 1))));

        assertThat(TemplateCodec.toBody(TemplateCodec.parse(full.toString()))).hasSize(10_240);
        assertThat(TemplateValidator.check(over).violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).isEqualTo("the templateBody is 10241 characters; AWS accepts"
                        + " at most 10240"));
    }

    @Test
    void validate_defaultOnANonCertificateParameter_isAccepted() throws Exception {
        JsonNode template = edit(base(), List.of("/Parameters/Location", "{\"Type\": \"String\", \"Default\": \"WA\"}",
                THING + "/ThingGroups", "[{\"Ref\": \"Location\"}]"));

        List<Violation> violations = TemplateValidator.check(template).violations();

        assertThat(violations).isEmpty();
    }

    @Test
    void validate_overrideSettingsInThePropertyConstantSpelling_isAcceptedAndWrittenWithThePropertyName()
            throws Exception {
        JsonNode template = edit(base(), List.of("/Resources/thing/OverrideSettings",
                "{\"ATTRIBUTE_PAYLOAD\": \"MERGE\", \"THING_TYPE_NAME\": \"REPLACE\", \"THING_GROUPS\": \"FAIL\"}"));

        ProvisioningTemplate parsed = TemplateCodec.parse(JSON.writeValueAsString(template));

        assertThat(parsed.things().get("thing").overrideSettings()).containsExactly(
                Map.entry(OverridableProperty.ATTRIBUTE_PAYLOAD, OverrideAction.MERGE),
                Map.entry(OverridableProperty.THING_TYPE_NAME, OverrideAction.REPLACE),
                Map.entry(OverridableProperty.THING_GROUPS, OverrideAction.FAIL));
        assertThat(TemplateCodec.toBody(parsed)).contains("\"OverrideSettings\":{\"AttributePayload\":\"MERGE\","
                + "\"ThingTypeName\":\"REPLACE\",\"ThingGroups\":\"FAIL\"}");
    }

    @Test
    void validate_subWithEscapedPolicyVariable_isAcceptedAndKeepsTheVariable() throws Exception {
        JsonNode template = edit(base(), List.of(NAME, "{\"Fn::Sub\": \"${AWS::IoT::Certificate::CommonName}\"}",
                POLICY, "{\"PolicyDocument\": {\"Fn::Sub\": \"{\\\"Version\\\": \\\"2012-10-17\\\", \\\"Statement\\\":"
                        + " {\\\"Effect\\\": \\\"Allow\\\", \\\"Action\\\": \\\"iot:Connect\\\", \\\"Resource\\\":"
                        + " \\\"arn:aws:iot:*:*:client/${!iot:ClientId}\\\"}}\"}}"));

        List<Violation> violations = TemplateValidator.check(template).violations();

        assertThat(violations).isEmpty();
    }

    @Test
    void validate_templateBuiltInCode_isCheckedWithTheSameRules() {
        ProvisioningTemplate template = new ProvisioningTemplate(
                Map.of("AWS::IoT::Certificate::CommonName", TemplateParameter.string()),
                Map.of("thing", ThingResource.named(Expression.text("a thing"))));

        List<Violation> violations = TemplateValidator.validate(template);

        assertThat(violations).extracting(Violation::pointer)
                .containsExactly(NAME, "/Resources");
        assertThatThrownBy(() -> TemplateValidator.requireValid(template))
                .isInstanceOf(JitpException.class)
                .hasMessage("the template has 2 problems");
    }

    private static JsonNode edit(ObjectNode template, List<String> edits) throws Exception {
        JsonNode root = template;
        for (int i = 0; i < edits.size(); i += 2) {
            String pointer = edits.get(i);
            String value = edits.get(i + 1);
            if (pointer.isEmpty()) {
                root = JSON.readTree(value);
                continue;
            }
            JsonPointer at = JsonPointer.compile(pointer);
            JsonNode parent = root.at(at.head());
            String key = at.last().getMatchingProperty();
            if (parent instanceof ObjectNode object) {
                if (value == null) {
                    object.remove(key);
                } else {
                    object.set(key, JSON.readTree(value));
                }
            } else if (parent instanceof ArrayNode array) {
                array.set(at.last().getMatchingIndex(), JSON.readTree(value));
            } else {
                throw new IllegalArgumentException("no parent at " + pointer);
            }
        }
        return root;
    }
}
