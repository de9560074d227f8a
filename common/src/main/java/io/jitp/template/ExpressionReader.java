package io.jitp.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.jitp.error.JitpException.Violation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads template values (literals, lists, intrinsic functions) from JSON, recording every problem with its JSON
 * pointer. Static checks: supported functions only, argument shapes, declared Ref and Fn::Sub targets, existing
 * Mappings keys when they are literal, literal Fn::Select bounds, strings where strings belong and lists where
 * lists belong, and AWS IoT's naming rules on literal values.
 */
final class ExpressionReader {

    /** What a position in the template expects, or what an expression yields. */
    enum Kind {
        /** A string. */
        STRING,
        /** A list of strings. */
        LIST,
        /** Not known before evaluation (an Fn::FindInMap with computed keys). */
        ANY
    }

    static final String REF = "Ref";
    static final String JOIN = "Fn::Join";
    static final String SELECT = "Fn::Select";
    static final String SPLIT = "Fn::Split";
    static final String SUB = "Fn::Sub";
    static final String FIND_IN_MAP = "Fn::FindInMap";
    static final List<String> FUNCTIONS = List.of(REF, JOIN, SELECT, SPLIT, SUB, FIND_IN_MAP);

    private static final String SUPPORTED = "use Ref, Fn::Join, Fn::Select, Fn::Split, Fn::Sub or Fn::FindInMap";

    private final List<Violation> violations;
    private final Set<String> declared;
    private final Map<String, ? extends Map<String, ? extends Map<String, Expression>>> mappings;

    ExpressionReader(List<Violation> violations, Set<String> declared,
            Map<String, ? extends Map<String, ? extends Map<String, Expression>>> mappings) {
        this.violations = violations;
        this.declared = declared;
        this.mappings = mappings;
    }

    /**
     * Reads a value.
     *
     * @param expected what the position needs
     * @param rule the naming rule literal values must meet, or {@code null}
     * @return the expression, or {@code null} when it could not be read (a violation was recorded)
     */
    Expression read(JsonNode node, String pointer, Kind expected, IotName rule) {
        Expression expression = build(node, pointer, rule);
        if (expression == null) {
            return null;
        }
        Kind actual = kindOf(expression);
        if (expected == Kind.STRING && actual == Kind.LIST) {
            add(pointer, "expected a string here, but this is a list",
                    "pick one item with Fn::Select, or join the items with Fn::Join");
        } else if (expected == Kind.LIST && actual == Kind.STRING) {
            add(pointer, "expected a list here, but this is a string",
                    "write a list such as [\"group\", {\"Ref\": \"P\"}], or use Fn::Split");
        }
        return expression;
    }

    /** Whether an object is written as an intrinsic function (its single key is Ref or starts with Fn:). */
    static boolean looksLikeFunction(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            return false;
        }
        String key = node.fieldNames().next();
        return isFunctionKey(key);
    }

    private static boolean isFunctionKey(String key) {
        return REF.equals(key) || key.startsWith("Fn:") || "Condition".equals(key);
    }

    /** What an expression yields, as far as it is known before evaluation. */
    Kind kindOf(Expression expression) {
        if (expression instanceof Expression.ListOf || expression instanceof Expression.Split) {
            return Kind.LIST;
        }
        if (expression instanceof Expression.FindInMap find) {
            return kindOfMapping(find);
        }
        return Kind.STRING;
    }

    private Kind kindOfMapping(Expression.FindInMap find) {
        if (find.mapName() instanceof Expression.Text map && find.topKey() instanceof Expression.Text top
                && find.secondKey() instanceof Expression.Text second) {
            Map<String, ? extends Map<String, Expression>> table = mappings.get(map.value());
            Map<String, Expression> row = table == null ? null : table.get(top.value());
            Expression value = row == null ? null : row.get(second.value());
            if (value != null) {
                return value instanceof Expression.ListOf ? Kind.LIST : Kind.STRING;
            }
        }
        return Kind.ANY;
    }

    private Expression build(JsonNode node, String pointer, IotName rule) {
        if (node.isTextual()) {
            checkLiteral(node.asText(), pointer, rule);
            return new Expression.Text(node.asText());
        }
        if (node.isArray()) {
            List<Expression> items = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                items.add(read(node.get(i), JsonText.pointer(pointer, i), Kind.STRING, rule));
            }
            return items.contains(null) ? null : new Expression.ListOf(items);
        }
        if (node.isObject()) {
            return function(node, pointer);
        }
        add(pointer, "expected a string or an intrinsic function, not " + describe(node),
                node.isValueNode() ? "quote it: \"" + node.asText() + "\"" : "write a string");
        return null;
    }

    private void checkLiteral(String value, String pointer, IotName rule) {
        if (rule != null && !rule.accepts(value)) {
            add(pointer, "'" + value + "' is not a valid " + rule.label() + ": " + rule.rule(),
                    "change the value to match");
        }
    }

    private Expression function(JsonNode node, String pointer) {
        if (node.size() != 1) {
            boolean functionLike = false;
            for (String key : (Iterable<String>) node::fieldNames) {
                functionLike |= isFunctionKey(key);
            }
            add(pointer, functionLike ? "an intrinsic function is an object with exactly one key"
                    : "expected a string or an intrinsic function, not an object",
                    functionLike ? "write one function per object, e.g. {\"Ref\": \"P\"}" : SUPPORTED);
            return null;
        }
        Map.Entry<String, JsonNode> entry = node.properties().iterator().next();
        String at = JsonText.pointer(pointer, entry.getKey());
        JsonNode argument = entry.getValue();
        return switch (entry.getKey()) {
            case REF -> ref(argument, at);
            case JOIN -> join(argument, at);
            case SELECT -> select(argument, at);
            case SPLIT -> split(argument, at);
            case SUB -> sub(argument, at);
            case FIND_IN_MAP -> findInMap(argument, at);
            default -> unsupported(entry.getKey(), pointer, at);
        };
    }

    private Expression unsupported(String key, String pointer, String at) {
        if (isFunctionKey(key)) {
            String suggestion = Suggestions.closest(key, FUNCTIONS);
            add(at, "'" + key + "' is not supported in AWS IoT provisioning templates"
                    + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"), SUPPORTED);
        } else {
            add(pointer, "expected a string or an intrinsic function, not an object with key '" + key + "'", SUPPORTED);
        }
        return null;
    }

    private Expression ref(JsonNode argument, String at) {
        if (!argument.isTextual()) {
            add(at, "Ref takes the name of a declared parameter", "write {\"Ref\": \"<parameter>\"}");
            return null;
        }
        String name = argument.asText();
        if (!declared.contains(name)) {
            String suggestion = Suggestions.closest(name, declared);
            add(at, "Ref names '" + name + "', which is not declared in Parameters"
                    + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"),
                    "declare it: \"Parameters\": {\"" + name + "\": {\"Type\": \"String\"}}");
        }
        return new Expression.Ref(name);
    }

    private JsonNode[] arguments(JsonNode argument, String at, int count, String usage) {
        if (!argument.isArray() || argument.size() != count) {
            add(at, at.substring(at.lastIndexOf('/') + 1) + " takes " + count + " arguments", "write " + usage);
            return null;
        }
        JsonNode[] items = new JsonNode[count];
        for (int i = 0; i < count; i++) {
            items[i] = argument.get(i);
        }
        return items;
    }

    private Expression join(JsonNode argument, String at) {
        JsonNode[] args = arguments(argument, at, 2, "{\"Fn::Join\": [\"-\", [\"a\", {\"Ref\": \"P\"}]]}");
        if (args == null) {
            return null;
        }
        String delimiter = literalString(args[0], JsonText.pointer(at, 0), "the Fn::Join delimiter", false);
        Expression values = read(args[1], JsonText.pointer(at, 1), Kind.LIST, null);
        return delimiter == null || values == null ? null : new Expression.Join(delimiter, values);
    }

    private Expression select(JsonNode argument, String at) {
        JsonNode[] args = arguments(argument, at, 2, "{\"Fn::Select\": [\"0\", {\"Fn::Split\": [\"-\", ...]}]}");
        if (args == null) {
            return null;
        }
        String indexAt = JsonText.pointer(at, 0);
        Expression index = selectIndex(args[0], indexAt);
        Expression values = read(args[1], JsonText.pointer(at, 1), Kind.LIST, null);
        if (index instanceof Expression.Text text && values instanceof Expression.ListOf list
                && Integer.parseInt(text.value()) >= list.items().size()) {
            add(indexAt, "index " + text.value() + " is out of bounds for a list of " + list.items().size()
                    + " items", "use an index from 0 to " + (list.items().size() - 1));
        }
        return index == null || values == null ? null : new Expression.Select(index, values);
    }

    private Expression selectIndex(JsonNode node, String at) {
        String fix = "write a non-negative integer such as \"0\"";
        if (node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 0) {
            return new Expression.Text(Integer.toString(node.asInt()));
        }
        if (node.isTextual()) {
            if (node.asText().matches("\\d{1,9}")) {
                return new Expression.Text(Integer.toString(Integer.parseInt(node.asText())));
            }
            add(at, "the Fn::Select index '" + node.asText() + "' is not a non-negative integer", fix);
            return null;
        }
        if (node.isObject()) {
            return read(node, at, Kind.STRING, null);
        }
        add(at, "the Fn::Select index must be a non-negative integer", fix);
        return null;
    }

    private Expression split(JsonNode argument, String at) {
        JsonNode[] args = arguments(argument, at, 2, "{\"Fn::Split\": [\"-\", {\"Ref\": \"P\"}]}");
        if (args == null) {
            return null;
        }
        String delimiter = literalString(args[0], JsonText.pointer(at, 0), "the Fn::Split delimiter", true);
        Expression source = read(args[1], JsonText.pointer(at, 1), Kind.STRING, null);
        return delimiter == null || source == null ? null : new Expression.Split(delimiter, source);
    }

    private String literalString(JsonNode node, String at, String what, boolean nonEmpty) {
        if (!node.isTextual() || (nonEmpty && node.asText().isEmpty())) {
            add(at, what + " must be a " + (nonEmpty ? "non-empty " : "") + "literal string",
                    "write a string such as \"-\"");
            return null;
        }
        return node.asText();
    }

    private Expression sub(JsonNode argument, String at) {
        String usage = "{\"Fn::Sub\": \"dev-${P}\"} or {\"Fn::Sub\": [\"dev-${v}\", {\"v\": {\"Ref\": \"P\"}}]}";
        String text;
        String textAt = at;
        SortedMap<String, Expression> variables = new TreeMap<>();
        boolean valid = true;
        if (argument.isTextual()) {
            text = argument.asText();
        } else if (argument.isArray() && argument.size() == 2 && argument.get(0).isTextual()
                && argument.get(1).isObject()) {
            text = argument.get(0).asText();
            textAt = JsonText.pointer(at, 0);
            for (Map.Entry<String, JsonNode> variable : argument.get(1).properties()) {
                Expression value = read(variable.getValue(),
                        JsonText.pointer(JsonText.pointer(at, 1), variable.getKey()), Kind.STRING, null);
                valid &= value != null;
                variables.put(variable.getKey(), value);
            }
        } else {
            add(at, "Fn::Sub takes a string, or a string and an object of variables", "write " + usage);
            return null;
        }
        SubText parsed;
        try {
            parsed = SubText.parse(text);
        } catch (IllegalArgumentException e) {
            add(textAt, "the Fn::Sub text is malformed: " + e.getMessage(),
                    "close every ${ with }, or write ${!name} for a literal ${name}");
            return null;
        }
        for (String name : parsed.names()) {
            if (!variables.containsKey(name) && !declared.contains(name)) {
                add(textAt, "Fn::Sub refers to ${" + name + "}, which is neither a declared parameter nor a variable"
                        + " of this Fn::Sub",
                        "declare " + name + " in Parameters, or write ${!" + name
                                + "} to keep the text '${" + name + "}' (as IoT policy variables need)");
                valid = false;
            }
        }
        return valid ? new Expression.Sub(text, variables) : null;
    }

    private Expression findInMap(JsonNode argument, String at) {
        JsonNode[] args = arguments(argument, at, 3, "{\"Fn::FindInMap\": [\"Map\", {\"Ref\": \"P\"}, \"Key\"]}");
        if (args == null) {
            return null;
        }
        Expression[] keys = new Expression[3];
        for (int i = 0; i < 3; i++) {
            keys[i] = read(args[i], JsonText.pointer(at, i), Kind.STRING, null);
        }
        if (keys[0] == null || keys[1] == null || keys[2] == null) {
            return null;
        }
        checkMappingKeys(keys, at);
        return new Expression.FindInMap(keys[0], keys[1], keys[2]);
    }

    private void checkMappingKeys(Expression[] keys, String at) {
        if (!(keys[0] instanceof Expression.Text map)) {
            return;
        }
        Map<String, ? extends Map<String, Expression>> table = mappings.get(map.value());
        if (table == null) {
            add(JsonText.pointer(at, 0), "there is no mapping '" + map.value() + "' in Mappings",
                    "declare it under Mappings, or use one of " + mappings.keySet());
            return;
        }
        if (!(keys[1] instanceof Expression.Text top)) {
            return;
        }
        Map<String, Expression> row = table.get(top.value());
        if (row == null) {
            add(JsonText.pointer(at, 1), "mapping '" + map.value() + "' has no key '" + top.value() + "'",
                    "use one of " + table.keySet());
            return;
        }
        if (keys[2] instanceof Expression.Text second && !row.containsKey(second.value())) {
            add(JsonText.pointer(at, 2), "mapping '" + map.value() + "/" + top.value() + "' has no key '"
                    + second.value() + "'", "use one of " + row.keySet());
        }
    }

    private void add(String pointer, String message, String fix) {
        violations.add(new Violation(pointer, message, fix));
    }

    static String describe(JsonNode node) {
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isObject() ? "an object" : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
