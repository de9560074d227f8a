package io.jitp.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

import com.fasterxml.jackson.databind.ObjectMapper;

class TemplateCodecTest {

    static final List<String> GOLDENS = Goldens.ALL;

    @ParameterizedTest
    @FieldSource("GOLDENS")
    void golden_isInCanonicalReadableForm(String name) {
        String file = Goldens.text(name);

        String readable = TemplateCodec.toReadableJson(TemplateCodec.parse(file));

        assertThat(readable).isEqualTo(file);
    }

    @ParameterizedTest
    @FieldSource("GOLDENS")
    void golden_roundTripsThroughTheBody(String name) {
        ProvisioningTemplate template = Goldens.template(name);

        String body = TemplateCodec.toBody(template);
        ProvisioningTemplate again = TemplateCodec.parse(body);

        assertThat(again).isEqualTo(template);
        assertThat(TemplateCodec.toBody(again)).isEqualTo(body);
        assertThat(TemplateCodec.parse(TemplateCodec.toReadableJson(again))).isEqualTo(template);
    }

    @ParameterizedTest
    @FieldSource("GOLDENS")
    void golden_escapedBodyIsTheBodyAsJsonString(String name) throws Exception {
        ProvisioningTemplate template = Goldens.template(name);

        String escaped = TemplateCodec.toEscapedBody(template);

        assertThat(escaped).startsWith("\"{\\\"");
        assertThat(new ObjectMapper().readValue(escaped, String.class)).isEqualTo(TemplateCodec.toBody(template));
        assertThat(TemplateCodec.read(escaped)).isEqualTo(template);
    }

    @Test
    void toBody_minimalTemplate_isCompactWithPropertiesInDocumentedOrder() {
        ProvisioningTemplate template = Goldens.template(Goldens.THING_FROM_COMMON_NAME);

        String body = TemplateCodec.toBody(template);

        assertThat(body).isEqualTo("{\"Parameters\":{\"AWS::IoT::Certificate::CommonName\":{\"Type\":\"String\"},"
                + "\"AWS::IoT::Certificate::Id\":{\"Type\":\"String\"}},\"Resources\":{\"certificate\":{\"Type\":"
                + "\"AWS::IoT::Certificate\",\"Properties\":{\"CertificateId\":{\"Ref\":\"AWS::IoT::Certificate::Id\"},"
                + "\"Status\":\"ACTIVE\"}},\"policy\":{\"Type\":\"AWS::IoT::Policy\",\"Properties\":{\"PolicyName\":"
                + "\"DevicePolicy\"}},\"thing\":{\"Type\":\"AWS::IoT::Thing\",\"Properties\":{\"ThingName\":{\"Ref\":"
                + "\"AWS::IoT::Certificate::CommonName\"}}}}}");
    }

    @Test
    void toBody_policyDocument_isAnEscapedStringInTheBodyAndAnObjectInTheReadableForm() throws Exception {
        ProvisioningTemplate template = Goldens.template(Goldens.POLICY_DOCUMENT);

        var body = new ObjectMapper().readTree(TemplateCodec.toBody(template));
        var readable = new ObjectMapper().readTree(TemplateCodec.toReadableJson(template));

        var bodyDocument = body.at("/Resources/policy/Properties/PolicyDocument");
        var readableDocument = readable.at("/Resources/policy/Properties/PolicyDocument");
        assertThat(bodyDocument.isTextual()).isTrue();
        assertThat(readableDocument.isObject()).isTrue();
        assertThat(new ObjectMapper().readTree(bodyDocument.asText())).isEqualTo(readableDocument);
    }

    @Test
    void parse_awsStyleBodyWithWhitespaceAndEscapedDocument_givesTheSameObjectAsTheReadableForm() {
        String awsStyle =
                """
                        { "Parameters" : { "AWS::IoT::Certificate::Id" : { "Type" : "String" } },
                          "Resources" : {
                            "policy" : { "Type" : "AWS::IoT::Policy", "Properties" : { "PolicyDocument" :
                              "{ \\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{ \\"Effect\\": \\"Allow\\", \
                              \\"Action\\":[\\"iot:Publish\\"], \
                              \\"Resource\\": [\\"arn:aws:iot:us-east-1:123456789012:topic/a\\"] }] }"
                            } },
                            "certificate" : { "Type" : "AWS::IoT::Certificate",
                              "Properties" : { "CertificateId" : { "Ref" : "AWS::IoT::Certificate::Id" } } } } }
                        """;
        String readable = """
                {
                  "Parameters": {"AWS::IoT::Certificate::Id": {"Type": "String"}},
                  "Resources": {
                    "certificate": {
                      "Type": "AWS::IoT::Certificate",
                      "Properties": {"CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}}
                    },
                    "policy": {
                      "Type": "AWS::IoT::Policy",
                      "Properties": {
                        "PolicyDocument": {
                          "Version": "2012-10-17",
                          "Statement": [
                            {
                              "Effect": "Allow",
                              "Action": ["iot:Publish"],
                              "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/a"]
                            }
                          ]
                        }
                      }
                    }
                  }
                }
                """;

        ProvisioningTemplate fromAws = TemplateCodec.parse(awsStyle);

        assertThat(fromAws).isEqualTo(TemplateCodec.parse(readable));
        assertThat(TemplateCodec.toReadableJson(fromAws)).isEqualTo(readable);
    }

    @Test
    void toBody_sameTemplateBuiltInDifferentOrders_givesTheSameText() {
        Map<String, TemplateParameter> parameters = new LinkedHashMap<>();
        parameters.put(ProvisioningTemplate.CERTIFICATE_ID_PARAMETER, TemplateParameter.string());
        parameters.put("AWS::IoT::Certificate::CommonName", TemplateParameter.string());
        Map<String, Resource> resources = new LinkedHashMap<>();
        resources.put("thing", ThingResource.named(Expression.ref("AWS::IoT::Certificate::CommonName")));
        resources.put("policy", PolicyResource.document("{ \"Version\" : \"2012-10-17\", \"Statement\": "
                + "{\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \"*\"} }"));
        resources.put("certificate", CertificateResource.jitp("ACTIVE"));
        ProvisioningTemplate first = new ProvisioningTemplate(parameters, resources);
        ProvisioningTemplate second = new ProvisioningTemplate(new TreeMap<>(parameters), new TreeMap<>(resources));
        PolicyResource compact = PolicyResource.document("{\"Version\":\"2012-10-17\",\"Statement\":"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"}}");

        assertThat(first).isEqualTo(second);
        assertThat(resources.get("policy")).isEqualTo(compact);
        assertThat(TemplateCodec.toBody(first)).isEqualTo(TemplateCodec.toBody(second));
        assertThat(TemplateCodec.toReadableJson(first)).isEqualTo(TemplateCodec.toReadableJson(second));
        assertThat(TemplateValidator.validate(first)).isEmpty();
        assertThat(TemplateCodec.parse(TemplateCodec.toBody(first))).isEqualTo(first);
    }

    @Test
    void read_registrationConfigDocument_givesItsTemplate() {
        ProvisioningTemplate template = Goldens.template(Goldens.GROUPS_AND_ATTRIBUTES);
        String document = RegistrationConfig.document(template, "arn:aws:iam::123456789012:role/JitpProvisioning");

        ProvisioningTemplate read = TemplateCodec.read(document);

        assertThat(read).isEqualTo(template);
    }

    @Test
    void parse_invalidJson_namesLineAndColumnWithoutEchoingTheInput() {
        String broken = "{\n  \"Resources\": {\n    \"thing\": {,\n  }\n}";

        assertThatThrownBy(() -> TemplateCodec.parse(broken))
                .isInstanceOfSatisfying(JitpException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
                    assertThat(e.getMessage()).startsWith("the template is not valid JSON: ")
                            .contains("line 3, column 15")
                            .doesNotContain("Source");
                });
    }

    @Test
    void parse_duplicateKey_isRefused() {
        String duplicate = "{\"Resources\": {}, \"Resources\": {}}";

        assertThatThrownBy(() -> TemplateCodec.parse(duplicate))
                .isInstanceOf(JitpException.class)
                .hasMessageContaining("Duplicate field 'Resources'");
    }

    @Test
    void parse_trailingContent_isRefused() {
        String trailing = Goldens.text(Goldens.THING_FROM_COMMON_NAME) + "{}";

        assertThatThrownBy(() -> TemplateCodec.parse(trailing))
                .isInstanceOf(JitpException.class)
                .hasMessageContaining("not valid JSON");
    }
}
