package io.jitp.broker.template;

import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

/** Request bodies of the template API. */
public final class TemplateRequests {

    private TemplateRequests() {
    }

    /**
     * Put a JITP provisioning template.
     *
     * @param body the template as a JSON object ({@code Parameters}, {@code Resources}, …), not as a string
     * @param provisioningRoleArn the IAM role AWS IoT assumes to provision devices; default
     *     {@code jitp.iot.default-provisioning-role-arn}
     * @param description a description (up to 500 characters)
     * @param enabled whether the template is enabled (default true)
     */
    public record Put(
            @NotNull JsonNode body,
            @Size(min = 20, max = 2048) String provisioningRoleArn,
            @Size(max = 500) String description,
            Boolean enabled) {
    }

    /**
     * Render a template: the stored one, or {@code body} when given, against a certificate or parameters.
     *
     * @param body a template to render instead of the stored one
     * @param certificatePem a device certificate whose subject fills the parameters
     * @param parameters parameter values ({@code AWS::IoT::Certificate::CommonName} …) instead of a certificate
     */
    public record Render(JsonNode body, @Size(max = 65536) String certificatePem, Map<String, String> parameters) {
    }
}
