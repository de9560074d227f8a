package io.jitp.emulator.state;

/** One version of a provisioning template's body. */
public record TemplateVersion(int versionId, String templateBody, long createdMillis) {
}
