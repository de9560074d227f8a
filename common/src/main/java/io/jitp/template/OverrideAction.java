package io.jitp.template;

/**
 * What provisioning does with a property of a resource that already exists ({@code OverrideSettings},
 * reference/aws-iot.md section 4.3).
 */
public enum OverrideAction {
    /** Leave the existing value as it is. */
    DO_NOTHING,
    /** Replace the existing value with the template's. */
    REPLACE,
    /** Fail the provisioning request with a {@code ResourceConflictsException}. */
    FAIL,
    /** Merge with the existing value; only for a thing's {@code AttributePayload} and {@code ThingGroups}. */
    MERGE
}
