package io.jitp.emulator.fault;

/** The three surfaces of the emulator, each with its own fault settings and counters. */
public enum Surface {
    /** The IoT control plane (restJson1, SigV4). */
    CONTROL_PLANE("controlPlane"),
    /** The credentials provider (HTTPS with client certificates). */
    CREDENTIALS("credentials"),
    /** The minimal STS (GetCallerIdentity). */
    STS("sts");

    private final String key;

    Surface(String key) {
        this.key = key;
    }

    /** The name used in the admin endpoint's JSON and in flags. */
    public String key() {
        return key;
    }

    /** The surface with this key. */
    public static Surface ofKey(String key) {
        for (Surface surface : values()) {
            if (surface.key.equals(key)) {
                return surface;
            }
        }
        throw new IllegalArgumentException("unknown surface '" + key + "': use controlPlane, credentials or sts");
    }
}
