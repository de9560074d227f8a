package io.jitp.emulator.provisioning;

import java.io.IOException;
import java.security.cert.X509Certificate;

import io.jitp.emulator.state.IotServiceException;
import io.jitp.emulator.state.ProvisioningPlan;
import io.jitp.emulator.state.TemplateType;
import io.jitp.emulator.state.TemplateValidator;
import io.jitp.error.JitpException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Checks and applies provisioning templates with jitp's template engine ({@code io.jitp.template}). */
// TODO: delegate validation and rendering to io.jitp.template once it lands on main (#3)
public final class JitpTemplates implements TemplateValidator, TemplateRenderer {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void validate(String body, TemplateType type, String member) {
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

    @Override
    public ProvisioningPlan render(String templateBody, X509Certificate certificate, String certificateId) {
        throw new JitpException(io.jitp.error.Reason.INTERNAL, "the template engine is not available in this build",
                null, null, null, null);
    }
}
