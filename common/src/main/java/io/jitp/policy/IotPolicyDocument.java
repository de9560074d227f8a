package io.jitp.policy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jitp.error.JitpException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An IoT policy document, parsed and checked, that can say whether it allows an action on a resource. The emulator
 * authorises credentials requests with it; the broker's doctor uses it to say whether a device's policies allow
 * {@code iot:AssumeRoleWithCertificate} on its role alias.
 * Evaluation follows IAM: an explicit Deny wins, otherwise an Allow grants, otherwise the request is denied.
 * {@code *} and {@code ?} are wildcards in actions and resources; actions compare without case. Policy
 * variables ({@code ${iot:Connection.Thing.ThingName}}…) are replaced from the request context; a statement
 * whose variable has no value does not match. Conditions are not evaluated: a statement with a
 * {@code Condition} never grants, and always denies (it fails closed).
 */
public final class IotPolicyDocument {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Action", "NotAction", "Resource",
            "NotResource", "Condition");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final List<Statement> statements;

    private IotPolicyDocument(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    /**
     * Parses and checks a policy document.
     *
     * @throws JitpException {@code INVALID_INPUT} (field {@code policyDocument}) naming what is wrong
     */
    public static IotPolicyDocument parse(String document) {
        if (document == null || document.isBlank()) {
            throw malformed("the policy document is empty: give a JSON object with a Statement");
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw malformed("the policy document is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw malformed("the policy document must be a JSON object with Version and Statement");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("Version") && !name.equals("Statement") && !name.equals("Id")) {
                throw malformed("unknown key '" + name + "' in the policy document: use Version and Statement");
            }
        }
        JsonNode version = root.get("Version");
        if (version != null && !(version.isTextual()
                && (version.asText().equals("2012-10-17") || version.asText().equals("2008-10-17")))) {
            throw malformed("Version must be \"2012-10-17\"");
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null || statementNode.isNull()) {
            throw malformed("the policy document has no Statement");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (statementNode.isArray()) {
            statementNode.forEach(nodes::add);
        } else {
            nodes.add(statementNode);
        }
        if (nodes.isEmpty()) {
            throw malformed("Statement is empty: give at least one statement");
        }
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            statements.add(statement(nodes.get(i), "Statement[" + i + "]"));
        }
        return new IotPolicyDocument(statements);
    }

    private static Statement statement(JsonNode node, String where) {
        if (!node.isObject()) {
            throw malformed(where + " must be an object with Effect, Action and Resource");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!STATEMENT_KEYS.contains(name)) {
                throw malformed("unknown key '" + name + "' in " + where);
            }
        }
        JsonNode effect = node.get("Effect");
        if (effect == null || !effect.isTextual()
                || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
            throw malformed(where + ".Effect must be \"Allow\" or \"Deny\"");
        }
        boolean notAction = exactlyOne(node, "Action", "NotAction", where);
        boolean notResource = exactlyOne(node, "Resource", "NotResource", where);
        List<String> actions = strings(node.get(notAction ? "NotAction" : "Action"),
                where + "." + (notAction ? "NotAction" : "Action"));
        List<String> resources = strings(node.get(notResource ? "NotResource" : "Resource"),
                where + "." + (notResource ? "NotResource" : "Resource"));
        JsonNode condition = node.get("Condition");
        if (condition != null && !condition.isObject()) {
            throw malformed(where + ".Condition must be an object");
        }
        return new Statement(effect.asText().equals("Allow"), notAction, actions, notResource, resources,
                condition != null);
    }

    private static boolean exactlyOne(JsonNode node, String positive, String negative, String where) {
        boolean hasPositive = node.has(positive);
        boolean hasNegative = node.has(negative);
        if (hasPositive == hasNegative) {
            throw malformed(where + " needs exactly one of " + positive + " and " + negative);
        }
        return hasNegative;
    }

    private static List<String> strings(JsonNode node, String where) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw malformed(where + " must hold strings only");
                }
                values.add(item.asText());
            }
        }
        if (values.isEmpty()) {
            throw malformed(where + " must be a string or a non-empty list of strings");
        }
        return values;
    }

    private static JitpException malformed(String message) {
        return JitpException.invalid("policyDocument", message, "correct the policy document");
    }

    /**
     * Evaluates this document alone.
     *
     * @param action e.g. {@code iot:AssumeRoleWithCertificate}
     * @param resource the resource ARN
     * @param variables policy variables without {@code ${}}, e.g. {@code iot:Connection.Thing.ThingName}
     */
    public Decision evaluate(String action, String resource, Map<String, String> variables) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (statement.allow() && statement.conditional()) {
                continue;
            }
            if (!statement.matches(action, resource, variables)) {
                continue;
            }
            if (!statement.allow()) {
                return Decision.DENY;
            }
            allowed = true;
        }
        return allowed ? Decision.ALLOW : Decision.NOT_APPLICABLE;
    }

    /**
     * Evaluates several documents together, as IoT does for the policies attached to a principal.
     *
     * @return true only when some statement allows and none denies
     */
    public static boolean allows(List<IotPolicyDocument> documents, String action, String resource,
            Map<String, String> variables) {
        boolean allowed = false;
        for (IotPolicyDocument document : documents) {
            Decision decision = document.evaluate(action, resource, variables);
            if (decision == Decision.DENY) {
                return false;
            }
            allowed |= decision == Decision.ALLOW;
        }
        return allowed;
    }

    /** The outcome of evaluating one document. */
    public enum Decision {
        /** A statement allows and none denies. */
        ALLOW,
        /** A statement denies explicitly. */
        DENY,
        /** No statement matches. */
        NOT_APPLICABLE
    }

    private record Statement(boolean allow, boolean notAction, List<String> actions, boolean notResource,
            List<String> resources, boolean conditional) {

        boolean matches(String action, String resource, Map<String, String> variables) {
            boolean actionMatch = actions.stream()
                    .anyMatch(pattern -> wildcard(pattern.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT)));
            if (actionMatch == notAction) {
                return false;
            }
            boolean resourceMatch = false;
            for (String pattern : resources) {
                String resolved = substitute(pattern, variables);
                if (resolved == null) {
                    // An unresolvable variable: the resource cannot match; for NotResource it cannot exclude.
                    continue;
                }
                if (wildcard(resolved, resource)) {
                    resourceMatch = true;
                    break;
                }
            }
            return resourceMatch != notResource;
        }
    }

    /** The pattern with its policy variables replaced (as literals), or {@code null} if one has no value. */
    static String substitute(String pattern, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = switch (name) {
                case "*" -> "\u0000STAR";
                case "?" -> "\u0000QUESTION";
                case "$" -> "$";
                default -> variables.get(name);
            };
            if (value == null) {
                return null;
            }
            if (!name.equals("*") && !name.equals("?")) {
                value = value.replace("*", "\u0000STAR").replace("?", "\u0000QUESTION");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** {@code *} matches any run of characters, {@code ?} one character; escaped literals match themselves. */
    static boolean wildcard(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            if (pattern.startsWith("\u0000STAR", i)) {
                regex.append("\\*");
                i += 5;
            } else if (pattern.startsWith("\u0000QUESTION", i)) {
                regex.append("\\?");
                i += 9;
            } else {
                char c = pattern.charAt(i++);
                if (c == '*') {
                    regex.append(".*");
                } else if (c == '?') {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }
}
