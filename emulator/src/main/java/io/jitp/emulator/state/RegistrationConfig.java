package io.jitp.emulator.state;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A CA's JITP configuration: an inline template body with the role that applies it, or the name of a
 * {@code JITP} provisioning template. All three may be {@code null}.
 */
public record RegistrationConfig(String templateBody, String roleArn, String templateName) {

    /** Whether the configuration names no template at all (then auto-registration is plain JITR). */
    @JsonIgnore
    public boolean isEmpty() {
        return templateBody == null && templateName == null;
    }
}
