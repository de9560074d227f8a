package io.jitp.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Converts JITP provisioning templates between the typed object and text, both ways.
 * <ul>
 * <li>the readable form, kept in files and in git: indented, policy documents as JSON objects
 * ({@link #toReadableJson});</li>
 * <li>the {@code templateBody} form that AWS receives: compact, policy documents as escaped strings
 * ({@link #toBody}), and that body as a JSON string literal ({@link #toEscapedBody}).</li>
 * </ul>
 * Output is canonical: equal templates give identical text, and {@code parse(toBody(t)).equals(t)} for every valid
 * template {@code t}. Parsing validates: a template is only returned when it has no problem.
 */
public final class TemplateCodec {

    /** The longest {@code templateBody} AWS accepts, in characters (botocore IoT model, shape TemplateBody). */
    public static final int MAX_BODY_LENGTH = 10_240;

    private TemplateCodec() {
    }

    /**
     * Parses and validates a template written as JSON: the readable form or a {@code templateBody}.
     *
     * @throws io.jitp.error.JitpException when the text is not JSON, or with every violation of the template
     */
    public static ProvisioningTemplate parse(String json) {
        return parseTree(JsonText.parse(json, "the template", null));
    }

    /**
     * Parses and validates a template from any of the forms users keep in files: the template itself (readable or
     * compact), the {@code templateBody} as a JSON string literal, or a registration-config document
     * ({@code {"templateBody": "...", "roleArn": "..."}}, the file {@code aws iot register-ca-certificate
     * --registration-config} reads).
     */
    public static ProvisioningTemplate read(String text) {
        JsonNode node = JsonText.parse(text, "the template file", null);
        if (node.isTextual()) {
            return parse(node.asText());
        }
        if (node.isObject() && node.has("templateBody")) {
            return RegistrationConfig.parse(text).template();
        }
        return parseTree(node);
    }

    static ProvisioningTemplate parseTree(JsonNode tree) {
        TemplateReader.Result result = TemplateValidator.check(tree);
        TemplateValidator.throwIfAny(result.violations());
        return result.template();
    }

    /** The {@code templateBody}: compact canonical JSON, policy documents as escaped strings. */
    public static String toBody(ProvisioningTemplate template) {
        return JsonText.compact(TemplateWriter.tree(template, TemplateWriter.PolicyForm.STRING));
    }

    /** The {@code templateBody} as a JSON string literal, ready to paste into a JSON document. */
    public static String toEscapedBody(ProvisioningTemplate template) {
        return JsonText.compact(TextNode.valueOf(toBody(template)));
    }

    /** The readable form: indented canonical JSON with policy documents as objects, ending with a newline. */
    public static String toReadableJson(ProvisioningTemplate template) {
        return JsonText.readable(TemplateWriter.tree(template, TemplateWriter.PolicyForm.OBJECT));
    }
}
