package io.jitp.emulator.provisioning;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.stream.Collectors;

import io.jitp.emulator.state.IotServiceException;
import io.jitp.emulator.state.TemplateType;
import io.jitp.emulator.state.TemplateValidator;
import io.jitp.error.JitpException;
import io.jitp.template.ProvisioningPlan;
import io.jitp.template.TemplateCodec;
import io.jitp.template.TemplateEngine;
import io.jitp.template.TemplateParameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks and applies provisioning templates with jitp's template engine ({@code io.jitp.template}), the same
 * code the CLI and the broker validate and render with: JITP bodies are parsed and validated by
 * {@link TemplateCodec} when they are stored, and rendered for a certificate by {@link TemplateEngine} when JITP
 * runs. Fleet-provisioning templates are stored after a JSON check only; the emulator does not run fleet
 * provisioning.
 */
public final class JitpTemplates implements TemplateValidator {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void validate(String body, TemplateType type, String member) {
        if (type == TemplateType.JITP) {
            try {
                TemplateCodec.parse(body);
            } catch (JitpException e) {
                throw IotServiceException.invalid(member + " is not a valid JITP template: " + describe(e));
            }
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw IotServiceException.invalid(member + " is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw IotServiceException.invalid(member + " must be a JSON object with Parameters and Resources");
        }
    }

    /**
     * Renders a JITP template for a device certificate.
     *
     * @throws JitpException listing why JITP would fail for this certificate
     */
    public ProvisioningPlan render(String templateBody, X509Certificate certificate) {
        return TemplateEngine.render(TemplateCodec.parse(templateBody),
                TemplateParameters.fromCertificate(certificate));
    }

    /** The exception's message followed by every violation it lists, with where and how to fix it. */
    public static String describe(JitpException e) {
        if (e.violations().isEmpty()) {
            return e.getMessage() + (e.fix() == null ? "" : " (" + e.fix() + ")");
        }
        return e.getMessage() + ": " + e.violations()
                .stream()
                .map(v -> (v.pointer() == null ? "" : v.pointer() + ": ") + v.message()
                        + (v.fix() == null ? "" : " (" + v.fix() + ")"))
                .collect(Collectors.joining("; "));
    }
}
