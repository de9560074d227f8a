package io.jitp.template;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The properties an {@code OverrideSettings} section may name. AWS's prose lists them as
 * {@code ATTRIBUTE_PAYLOAD}, {@code THING_TYPE_NAME} and {@code THING_GROUPS} while every AWS example uses the
 * property names; both spellings are read, the property name is written.
 */
public enum OverridableProperty {
    /** A thing's attributes; MERGE allowed. */
    ATTRIBUTE_PAYLOAD("AttributePayload", true, true),
    /** A thing's type. */
    THING_TYPE_NAME("ThingTypeName", true, false),
    /** A thing's group memberships; MERGE allowed. */
    THING_GROUPS("ThingGroups", true, true),
    /** A certificate's status. */
    STATUS("Status", false, false);

    private final String propertyName;
    private final boolean ofThing;
    private final boolean mergeable;

    OverridableProperty(String propertyName, boolean ofThing, boolean mergeable) {
        this.propertyName = propertyName;
        this.ofThing = ofThing;
        this.mergeable = mergeable;
    }

    /** The key written in templates (and in JSON output), e.g. {@code AttributePayload}. */
    @JsonValue
    public String propertyName() {
        return propertyName;
    }

    /** Whether the property belongs to a thing (else to a certificate). */
    public boolean ofThing() {
        return ofThing;
    }

    /** Whether {@link OverrideAction#MERGE} is allowed for it. */
    public boolean mergeable() {
        return mergeable;
    }

    /** The property for a key written either way ({@code ThingGroups} or {@code THING_GROUPS}). */
    public static Optional<OverridableProperty> ofKey(String key) {
        return Arrays.stream(values())
                .filter(p -> p.propertyName.equals(key) || p.name().equals(key))
                .findFirst();
    }
}
