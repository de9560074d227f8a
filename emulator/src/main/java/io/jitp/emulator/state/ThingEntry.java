package io.jitp.emulator.state;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A thing in the registry.
 *
 * @param name the thing name (also its default client id)
 * @param id a UUID
 * @param typeName the thing type, or {@code null}
 * @param attributes attribute name to value, sorted by name
 * @param version starts at 1, incremented by every update
 * @param billingGroupName the billing group, or {@code null}
 * @param createdMillis creation time, epoch milliseconds
 */
public record ThingEntry(String name, String id, String typeName, Map<String, String> attributes, long version,
        String billingGroupName, long createdMillis) {

    public ThingEntry {
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
}
