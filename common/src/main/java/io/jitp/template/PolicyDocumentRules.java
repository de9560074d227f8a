package io.jitp.template;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jitp.error.JitpException.Violation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks that a JSON document is an AWS IoT Core policy: {@code Version} 2012-10-17 and one or more statements,
 * each with an {@code Effect} (Allow or Deny), an {@code Action} or {@code NotAction} and a {@code Resource} or
 * {@code NotResource} (strings or non-empty lists of strings), and optionally {@code Sid} and {@code Condition}.
 * IoT policies are identity policies attached to certificates, so {@code Principal} has no place in them.
 */
final class PolicyDocumentRules {

    /** The only policy language version AWS IoT Core accepts. */
    static final String VERSION = "2012-10-17";

    private static final Set<String> DOCUMENT_KEYS = Set.of("Version", "Statement");
    private static final List<String> STATEMENT_KEYS = List.of("Sid", "Effect", "Action", "NotAction", "Resource",
            "NotResource", "Condition");

    private PolicyDocumentRules() {
    }

    /** Every problem of the document; {@code pointer} is where the document sits in the template. */
    static void check(JsonNode document, String pointer, List<Violation> violations) {
        if (!document.isObject()) {
            violations.add(new Violation(pointer, "the policy document must be a JSON object",
                    "write {\"Version\": \"2012-10-17\", \"Statement\": [...]}"));
            return;
        }
        for (Map.Entry<String, JsonNode> field : document.properties()) {
            if (!DOCUMENT_KEYS.contains(field.getKey())) {
                violations.add(new Violation(JsonText.pointer(pointer, field.getKey()),
                        "'" + field.getKey() + "' is not an element of an IoT policy document",
                        "keep only Version and Statement"));
            }
        }
        JsonNode version = document.get("Version");
        if (version == null || !VERSION.equals(version.asText(null)) || !version.isTextual()) {
            violations.add(new Violation(JsonText.pointer(pointer, "Version"),
                    version == null ? "the policy document has no Version" : "the policy Version must be " + VERSION,
                    "write \"Version\": \"" + VERSION + "\""));
        }
        checkStatements(document.get("Statement"), JsonText.pointer(pointer, "Statement"), violations);
    }

    private static void checkStatements(JsonNode statements, String pointer, List<Violation> violations) {
        if (statements == null || (statements.isArray() && statements.isEmpty())) {
            violations.add(new Violation(pointer, "the policy document has no Statement",
                    "add a statement: {\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \"*\"}"));
        } else if (statements.isArray()) {
            for (int i = 0; i < statements.size(); i++) {
                checkStatement(statements.get(i), JsonText.pointer(pointer, i), violations);
            }
        } else {
            checkStatement(statements, pointer, violations);
        }
    }

    private static void checkStatement(JsonNode statement, String pointer, List<Violation> violations) {
        if (!statement.isObject()) {
            violations.add(new Violation(pointer, "a policy statement must be a JSON object",
                    "write {\"Effect\": ..., \"Action\": ..., \"Resource\": ...}"));
            return;
        }
        for (Map.Entry<String, JsonNode> field : statement.properties()) {
            if (!STATEMENT_KEYS.contains(field.getKey())) {
                violations.add(new Violation(JsonText.pointer(pointer, field.getKey()),
                        "'" + field.getKey() + "' is not an element of an IoT policy statement"
                                + ("Principal".equals(field.getKey()) ? " (IoT policies attach to certificates)" : ""),
                        "use only " + String.join(", ", STATEMENT_KEYS)));
            }
        }
        JsonNode effect = statement.get("Effect");
        if (effect == null || !effect.isTextual() || !Set.of("Allow", "Deny").contains(effect.asText())) {
            violations.add(new Violation(JsonText.pointer(pointer, "Effect"),
                    effect == null ? "the statement has no Effect" : "Effect must be Allow or Deny",
                    "write \"Effect\": \"Allow\""));
        }
        checkOneOf(statement, pointer, "Action", "NotAction", "an action such as \"iot:Connect\"", violations);
        checkOneOf(statement, pointer, "Resource", "NotResource", "an ARN or \"*\"", violations);
        JsonNode condition = statement.get("Condition");
        if (condition != null && !condition.isObject()) {
            violations.add(new Violation(JsonText.pointer(pointer, "Condition"), "Condition must be a JSON object",
                    "write \"Condition\": {\"<operator>\": {\"<key>\": \"<value>\"}}"));
        }
        JsonNode sid = statement.get("Sid");
        if (sid != null && !sid.isTextual()) {
            violations.add(new Violation(JsonText.pointer(pointer, "Sid"), "Sid must be a string", "quote it"));
        }
    }

    private static void checkOneOf(JsonNode statement, String pointer, String key, String notKey, String example,
            List<Violation> violations) {
        JsonNode value = statement.get(key);
        JsonNode notValue = statement.get(notKey);
        if ((value == null) == (notValue == null)) {
            violations.add(new Violation(JsonText.pointer(pointer, key),
                    value == null ? "the statement has no " + key : "the statement has both " + key + " and " + notKey,
                    "give exactly one of " + key + " and " + notKey + ", e.g. \"" + key + "\": " + example));
            return;
        }
        String present = value != null ? key : notKey;
        JsonNode node = value != null ? value : notValue;
        String at = JsonText.pointer(pointer, present);
        if (node.isTextual() && !node.asText().isEmpty()) {
            return;
        }
        if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isTextual() || node.get(i).asText().isEmpty()) {
                    violations.add(new Violation(JsonText.pointer(at, i), present + " items must be non-empty strings",
                            "write " + example));
                }
            }
            return;
        }
        violations.add(new Violation(at, present + " must be a string or a non-empty list of strings",
                "write " + example));
    }
}
