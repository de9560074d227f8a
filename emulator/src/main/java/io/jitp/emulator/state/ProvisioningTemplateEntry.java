package io.jitp.emulator.state;

import java.util.List;

/**
 * A provisioning template with its versions.
 *
 * @param name the template name
 * @param description the description, or {@code null}
 * @param enabled whether it may be used
 * @param provisioningRoleArn the role that applies it
 * @param type JITP or FLEET_PROVISIONING, fixed at creation
 * @param preProvisioningHook the fleet-provisioning hook, or {@code null}
 * @param createdMillis creation time, epoch milliseconds
 * @param modifiedMillis last modification time, epoch milliseconds
 * @param defaultVersionId the version that is applied
 * @param versions every version, ascending
 * @param tags tags given at creation
 */
public record ProvisioningTemplateEntry(String name, String description, boolean enabled,
        String provisioningRoleArn, TemplateType type, ProvisioningHook preProvisioningHook, long createdMillis,
        long modifiedMillis, int defaultVersionId, List<TemplateVersion> versions, List<Tag> tags) {

    public ProvisioningTemplateEntry {
        versions = List.copyOf(versions);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The body of the default version. */
    public String defaultBody() {
        return versions.stream()
                .filter(v -> v.versionId() == defaultVersionId)
                .findFirst()
                .map(TemplateVersion::templateBody)
                .orElseThrow();
    }
}
