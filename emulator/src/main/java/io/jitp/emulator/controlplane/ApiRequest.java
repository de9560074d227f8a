package io.jitp.emulator.controlplane;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.jitp.emulator.state.IotServiceException;
import io.jitp.emulator.state.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * One control-plane call after routing: decoded path labels, decoded query parameters, headers and the JSON
 * body. Accessors check the member's type and constraints and fail with {@code InvalidRequestException}
 * naming the member.
 *
 * @param operation the operation name, e.g. {@code RegisterCACertificate}
 * @param labels path label name to decoded value
 * @param query query parameter name to decoded values
 * @param headers lower-case header name to values
 * @param body the JSON body (an empty object when there was none)
 */
public record ApiRequest(String operation, Map<String, String> labels, Map<String, List<String>> query,
        Map<String, List<String>> headers, JsonNode body) {

    /** A path label. */
    public String label(String name) {
        return labels.get(name);
    }

    /** A query parameter, or {@code null}. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A boolean query parameter ({@code true}/{@code false}), or {@code null}. */
    public Boolean queryBoolean(String name) {
        String value = query(name);
        if (value == null) {
            return null;
        }
        if (value.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (value.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw IotServiceException.invalid("The query parameter " + name + " must be true or false, not '" + value
                + "'");
    }

    /** An integer query parameter within bounds, or {@code null}. */
    public Integer queryInt(String name, long min, long max) {
        String value = query(name);
        if (value == null) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw IotServiceException.invalid("1 validation error detected: Value '" + value + "' at '" + name
                        + "' failed to satisfy constraint: Member must have value between " + min + " and " + max);
            }
            return (int) parsed;
        } catch (NumberFormatException e) {
            throw IotServiceException.invalid("The query parameter " + name + " must be an integer, not '" + value
                    + "'");
        }
    }

    /** A long query parameter, or {@code null}. */
    public Long queryLong(String name) {
        String value = query(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw IotServiceException.invalid("The query parameter " + name + " must be an integer, not '" + value
                    + "'");
        }
    }

    /** A header (lower-case name), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A string body member, or {@code null}. */
    public String string(String member) {
        return string(body, member, member);
    }

    /** A required string body member. */
    public String requiredString(String member) {
        String value = string(member);
        if (value == null) {
            throw IotServiceException.invalid("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    /** A boolean body member, or {@code null}. */
    public Boolean bool(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw IotServiceException.invalid(member + " must be true or false");
        }
        return node.booleanValue();
    }

    /** An integer body member, or {@code null}. */
    public Integer integer(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw IotServiceException.invalid(member + " must be an integer");
        }
        return node.intValue();
    }

    /** An object body member, or {@code null}. */
    public JsonNode object(String member) {
        return object(body, member, member);
    }

    /** A string member of a nested object, or {@code null}. */
    public static String string(JsonNode parent, String member, String path) {
        if (parent == null) {
            return null;
        }
        JsonNode node = parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw IotServiceException.invalid(path + " must be a string");
        }
        return node.textValue();
    }

    /** An object member of a nested object, or {@code null}. */
    public static JsonNode object(JsonNode parent, String member, String path) {
        JsonNode node = parent == null ? null : parent.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw IotServiceException.invalid(path + " must be an object");
        }
        return node;
    }

    /** The {@code tags} member: a list of {@code {"Key","Value"}}. */
    public List<Tag> tags() {
        JsonNode node = body.get("tags");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw IotServiceException.invalid("tags must be a list of {\"Key\", \"Value\"}");
        }
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String key = string(item, "Key", "tags[" + i + "].Key");
            if (key == null || key.isEmpty() || key.length() > 128) {
                throw IotServiceException.invalid("tags[" + i + "].Key is required (1 to 128 characters)");
            }
            String value = string(item, "Value", "tags[" + i + "].Value");
            if (value != null && value.length() > 256) {
                throw IotServiceException.invalid("tags[" + i + "].Value must be at most 256 characters");
            }
            tags.add(new Tag(key, value));
        }
        return tags;
    }

    /** A string-to-string map member of a nested object, or an empty map. */
    public static Map<String, String> stringMap(JsonNode parent, String member, String path) {
        JsonNode node = parent == null ? null : parent.get(member);
        Map<String, String> map = new HashMap<>();
        if (node == null || node.isNull()) {
            return map;
        }
        if (!node.isObject()) {
            throw IotServiceException.invalid(path + " must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw IotServiceException.invalid(path + "." + entry.getKey() + " must be a string");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }

    /** An empty JSON body. */
    public static JsonNode emptyBody() {
        return JsonNodeFactory.instance.objectNode();
    }
}
