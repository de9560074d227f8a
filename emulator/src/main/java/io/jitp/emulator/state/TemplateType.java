package io.jitp.emulator.state;

/** Kind of a provisioning template; fixed at creation. */
public enum TemplateType {
    /** Used by RegisterThing during fleet provisioning. */
    FLEET_PROVISIONING,
    /** Used by a CA's registration config for just-in-time provisioning. */
    JITP
}
