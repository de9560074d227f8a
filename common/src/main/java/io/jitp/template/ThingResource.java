package io.jitp.template;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An {@code AWS::IoT::Thing} resource. Optional properties are {@code null} when absent.
 *
 * @param thingName {@code ThingName}, a string expression
 * @param attributePayload {@code AttributePayload}: attribute name to string expression, sorted by name
 * @param thingTypeName {@code ThingTypeName} (an existing thing type), or {@code null}
 * @param thingGroups {@code ThingGroups} (existing groups), a list expression, or {@code null}
 * @param billingGroup {@code BillingGroup} (an existing billing group), or {@code null}
 * @param overrideSettings {@code OverrideSettings} for AttributePayload, ThingTypeName and ThingGroups
 */
public record ThingResource(Expression thingName, SortedMap<String, Expression> attributePayload,
        Expression thingTypeName, Expression thingGroups, Expression billingGroup,
        Map<OverridableProperty, OverrideAction> overrideSettings) implements Resource {

    public ThingResource {
        Objects.requireNonNull(thingName, "thingName");
        attributePayload = Collections.unmodifiableSortedMap(new TreeMap<>(attributePayload));
        overrideSettings = copy(overrideSettings);
    }

    /** A thing with only a name. */
    public static ThingResource named(Expression thingName) {
        return new ThingResource(thingName, new TreeMap<>(), null, null, null, Map.of());
    }

    @Override
    public String type() {
        return THING;
    }

    static Map<OverridableProperty, OverrideAction> copy(Map<OverridableProperty, OverrideAction> settings) {
        EnumMap<OverridableProperty, OverrideAction> copy = new EnumMap<>(OverridableProperty.class);
        copy.putAll(settings);
        return Collections.unmodifiableMap(copy);
    }
}
