package io.jitp.template;

import java.util.ArrayList;
import java.util.List;

import io.jitp.error.JitpException;
import io.jitp.error.JitpException.Violation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks JITP provisioning templates and reports every problem at once, each with a JSON pointer into the
 * template and a fix. The rules (reference/aws-iot.md section 4.3): only known keys; String parameters, each one
 * of the eight that JITP fills from a certificate unless it has a Default; only Ref, Fn::Join, Fn::Select,
 * Fn::Split, Fn::Sub and Fn::FindInMap, with well-formed arguments and declared targets; at most one thing and
 * exactly one certificate, whose CertificateId is {@code {"Ref": "AWS::IoT::Certificate::Id"}}; policies with
 * PolicyName or a valid IoT policy document, not both; OverrideSettings only where AWS allows them; literal names
 * and values that AWS IoT accepts; a {@code templateBody} of at most 10,240 characters.
 */
public final class TemplateValidator {

    private TemplateValidator() {
    }

    /** Every problem of a template built in code; empty when it is valid. */
    public static List<Violation> validate(ProvisioningTemplate template) {
        return check(TemplateWriter.tree(template, TemplateWriter.PolicyForm.OBJECT)).violations();
    }

    /** Throws a {@link JitpException} listing every problem unless the template is valid. */
    public static void requireValid(ProvisioningTemplate template) {
        throwIfAny(validate(template));
    }

    /** Reads and checks a JSON tree: the model (when readable) and every violation. */
    static TemplateReader.Result check(JsonNode tree) {
        TemplateReader.Result result = TemplateReader.read(tree);
        List<Violation> violations = new ArrayList<>(result.violations());
        String body = violations.isEmpty() ? TemplateCodec.toBody(result.template()) : JsonText.compact(tree);
        int length = body.codePointCount(0, body.length());
        if (length > TemplateCodec.MAX_BODY_LENGTH) {
            violations.add(new Violation("", "the templateBody is " + length + " characters; AWS accepts at most "
                    + TemplateCodec.MAX_BODY_LENGTH,
                    "shorten names and documents, or attach an existing policy by"
                            + " PolicyName instead of a PolicyDocument"));
        }
        return new TemplateReader.Result(result.template(), List.copyOf(violations));
    }

    static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw JitpException.invalid("the template has " + violations.size()
                    + (violations.size() == 1 ? " problem" : " problems"), violations);
        }
    }
}
