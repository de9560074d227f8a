package io.jitp.broker.template;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JITP provisioning template as stored in AWS IoT.
 *
 * @param name the template name
 * @param arn the template ARN
 * @param description the description
 * @param provisioningRoleArn the provisioning role
 * @param enabled whether it is enabled
 * @param defaultVersionId the version in use
 * @param body the template as a JSON object (absent in lists)
 * @param attachedTo the ids of the broker's CAs whose registration uses it
 * @param changed what the last put did: created, new-version, updated, unchanged (absent on reads)
 * @param createdAt creation time in IoT
 * @param updatedAt last change in IoT
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateView(String name, String arn, String description, String provisioningRoleArn,
        Boolean enabled, Integer defaultVersionId, JsonNode body, List<String> attachedTo, String changed,
        Instant createdAt, Instant updatedAt) {
}
