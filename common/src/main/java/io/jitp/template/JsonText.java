package io.jitp.template;

import java.util.Iterator;
import java.util.Map;

import io.jitp.error.JitpException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Strict JSON parsing (duplicate keys and trailing content are errors) and the two printed forms of jitp's
 * canonical JSON: compact (what AWS receives) and readable (what lives in git).
 */
final class JsonText {

    /** Column budget of the readable form: a container is kept on one line when it fits. */
    private static final int WIDTH = 120;
    private static final String INDENT = "  ";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonText() {
    }

    /** The shared mapper (strict reading, compact writing). */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses JSON text, refusing duplicate keys and trailing content.
     *
     * @param what what the text is, for the message (e.g. "the template")
     * @param field the field reported when the text is not JSON
     */
    static JsonNode parse(String text, String what, String field) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw JitpException.invalid(field, what + " is empty", "write a JSON document");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw JitpException.invalid(field, what + " is not valid JSON: " + describe(e),
                    "fix the JSON syntax at that position", e);
        }
    }

    /** A parser error as {@code <reason> at line L, column C}, without echoing the input. */
    static String describe(JsonProcessingException e) {
        String reason = e.getOriginalMessage();
        int cut = reason.indexOf('\n');
        if (cut >= 0) {
            reason = reason.substring(0, cut);
        }
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 0) {
            return reason;
        }
        return reason + " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The compact form: no whitespace between tokens. */
    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree cannot be written", e);
        }
    }

    /** The compact form of JSON text, or the text itself when it is not JSON. */
    static String compactIfJson(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? text : compact(node);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    /**
     * The readable form: two-space indentation, {@code "key": value}; an array, or an object with a single key
     * (such as {@code {"Ref": "X"}}) or an object of plain values stays on one line when it fits in 120 columns. Ends
     * with a newline.
     */
    static String readable(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, 0, 0, out);
        return out.append('\n').toString();
    }

    private static void write(JsonNode node, int depth, int column, StringBuilder out) {
        if (!node.isContainerNode() || node.isEmpty()) {
            out.append(compact(node));
            return;
        }
        String inline = inline(node);
        boolean keepInline = node.isArray() || node.size() == 1 || allValues(node);
        if (keepInline && column + inline.length() < WIDTH) {
            out.append(inline);
            return;
        }
        String inner = INDENT.repeat(depth + 1);
        out.append(node.isArray() ? '[' : '{').append('\n');
        if (node.isArray()) {
            for (Iterator<JsonNode> items = node.elements(); items.hasNext();) {
                out.append(inner);
                write(items.next(), depth + 1, inner.length(), out);
                out.append(items.hasNext() ? ",\n" : "\n");
            }
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = compact(TextNode.valueOf(field.getKey())) + ": ";
                out.append(inner).append(key);
                write(field.getValue(), depth + 1, inner.length() + key.length(), out);
                out.append(fields.hasNext() ? ",\n" : "\n");
            }
        }
        out.append(INDENT.repeat(depth)).append(node.isArray() ? ']' : '}');
    }

    private static boolean allValues(JsonNode node) {
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static String inline(JsonNode node) {
        if (!node.isContainerNode() || node.isEmpty()) {
            return compact(node);
        }
        StringBuilder out = new StringBuilder();
        if (node.isArray()) {
            out.append('[');
            for (Iterator<JsonNode> items = node.elements(); items.hasNext();) {
                out.append(inline(items.next())).append(items.hasNext() ? ", " : "");
            }
            return out.append(']').toString();
        }
        out.append('{');
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            out.append(compact(TextNode.valueOf(field.getKey()))).append(": ").append(inline(field.getValue()))
                    .append(fields.hasNext() ? ", " : "");
        }
        return out.append('}').toString();
    }

    /** A JSON pointer (RFC 6901) for a child of {@code parent}. */
    static String pointer(String parent, String key) {
        return parent + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    /** A JSON pointer for an array item of {@code parent}. */
    static String pointer(String parent, int index) {
        return parent + "/" + index;
    }
}
