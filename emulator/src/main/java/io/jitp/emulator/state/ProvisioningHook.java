package io.jitp.emulator.state;

/** A fleet-provisioning pre-provisioning hook (stored, never called: the emulator runs no Lambda). */
public record ProvisioningHook(String payloadVersion, String targetArn) {
}
