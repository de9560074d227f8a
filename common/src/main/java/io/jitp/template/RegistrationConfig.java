package io.jitp.template;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.jitp.error.JitpException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code RegistrationConfig} of a CA certificate (botocore IoT model): an inline JITP {@code templateBody} with
 * the {@code roleArn} AWS IoT assumes to provision, or the {@code templateName} of a JITP provisioning template.
 * {@link #toJson()} is exactly the file that {@code aws iot register-ca-certificate --registration-config
 * file://...} reads.
 *
 * @param templateBody the escaped template, or {@code null}
 * @param roleArn the IAM role AWS IoT assumes to run the template, or {@code null}
 * @param templateName the name of a JITP provisioning template, or {@code null}
 */
public record RegistrationConfig(String templateBody, String roleArn, String templateName) {

    /** The pattern of an IAM role ARN (AWS::IoT::CACertificate RegistrationConfig RoleArn). */
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[0-9A-Za-z_-]{1,36}");
    private static final List<String> KEYS = List.of("templateBody", "roleArn", "templateName");
    private static final String ROLE_EXAMPLE = "arn:aws:iam::123456789012:role/JitpProvisioning";

    /**
     * The registration config of a template with the role that provisions it.
     *
     * @throws JitpException when the template has problems or the role is not an IAM role ARN
     */
    public static RegistrationConfig of(ProvisioningTemplate template, String roleArn) {
        TemplateValidator.requireValid(template);
        requireRoleArn(roleArn, "roleArn");
        return new RegistrationConfig(TemplateCodec.toBody(template), roleArn, null);
    }

    /**
     * The registration-config document of a template: {@code {"templateBody": "<escaped>", "roleArn": "..."}},
     * indented, ending with a newline. Shared by {@code jitp template body --registration-config} and anything
     * that must produce the identical file.
     */
    public static String document(ProvisioningTemplate template, String roleArn) {
        return of(template, roleArn).toJson();
    }

    /** This config as the JSON document the AWS CLI reads; absent members are left out. */
    public String toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (templateBody != null) {
            node.put("templateBody", templateBody);
        }
        if (roleArn != null) {
            node.put("roleArn", roleArn);
        }
        if (templateName != null) {
            node.put("templateName", templateName);
        }
        return JsonText.readable(node);
    }

    /**
     * Reads a registration-config document.
     *
     * @throws JitpException naming the member at fault
     */
    public static RegistrationConfig parse(String json) {
        JsonNode node = JsonText.parse(json, "the registration config", null);
        if (!node.isObject()) {
            throw JitpException.invalid("registrationConfig", "a registration config is a JSON object",
                    "write {\"templateBody\": \"...\", \"roleArn\": \"...\"}");
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (!KEYS.contains(member.getKey())) {
                throw JitpException.invalid("/" + member.getKey(), "unknown registration-config member '"
                        + member.getKey() + "'", "use templateBody and roleArn, or templateName");
            }
            if (!member.getValue().isTextual()) {
                throw JitpException.invalid("/" + member.getKey(), member.getKey() + " must be a string",
                        "quote the value");
            }
        }
        RegistrationConfig config = new RegistrationConfig(text(node, "templateBody"), text(node, "roleArn"),
                text(node, "templateName"));
        config.check();
        return config;
    }

    private void check() {
        if (templateBody == null && templateName == null) {
            throw JitpException.invalid("/templateBody", "the registration config has neither templateBody nor"
                    + " templateName", "add \"templateBody\" and \"roleArn\", or \"templateName\"");
        }
        if (templateBody != null && templateName != null) {
            throw JitpException.invalid("/templateName", "the registration config has both templateBody and"
                    + " templateName", "keep one of them");
        }
        if (templateBody != null && roleArn == null) {
            throw JitpException.invalid("/roleArn", "an inline templateBody needs the roleArn AWS IoT assumes to"
                    + " provision", "add \"roleArn\": \"" + ROLE_EXAMPLE + "\"");
        }
        if (roleArn != null) {
            requireRoleArn(roleArn, "/roleArn");
        }
        if (templateName != null && !TEMPLATE_NAME.matcher(templateName).matches()) {
            throw JitpException.invalid("/templateName", "'" + templateName + "' is not a template name",
                    "use 1 to 36 letters, digits, '_' and '-'");
        }
    }

    /** The template of the inline {@code templateBody}, parsed and validated. */
    public ProvisioningTemplate template() {
        if (templateBody == null) {
            throw JitpException.invalid("/templateBody", "the registration config names the provisioning template '"
                    + templateName + "' instead of holding a templateBody",
                    "read the body with 'aws iot describe-provisioning-template --template-name " + templateName
                            + "'");
        }
        return TemplateCodec.parse(templateBody);
    }

    /** Checks an IAM role ARN as AWS IoT's registration config needs it. */
    public static void requireRoleArn(String roleArn, String field) {
        Objects.requireNonNull(roleArn, "roleArn");
        if (roleArn.length() < 20 || roleArn.length() > 2048 || !ROLE_ARN.matcher(roleArn).matches()) {
            throw JitpException.invalid(field, "'" + roleArn + "' is not an IAM role ARN",
                    "write the ARN of the role AWS IoT assumes to provision, e.g. " + ROLE_EXAMPLE);
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null ? null : value.asText();
    }
}
