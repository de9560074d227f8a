package io.jitp.emulator.controlplane;

import java.math.BigDecimal;
import java.util.List;

import io.jitp.emulator.state.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON helpers for restJson1 responses: epoch-second timestamps, omission of null members. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A timestamp as the model wants it: epoch seconds as a JSON number with milliseconds. */
    static BigDecimal timestamp(long epochMillis) {
        return BigDecimal.valueOf(epochMillis, 3);
    }

    /** Puts a string member unless it is null. */
    static ObjectNode put(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
        return node;
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode array = MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static ArrayNode tags(List<Tag> tags) {
        ArrayNode array = MAPPER.createArrayNode();
        tags.forEach(tag -> put(array.addObject().put("Key", tag.key()), "Value", tag.value()));
        return array;
    }
}
