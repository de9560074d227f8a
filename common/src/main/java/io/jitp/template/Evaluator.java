package io.jitp.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Evaluates template expressions against resolved parameter values and the template's Mappings. A value is a
 * {@code String} or a {@code List<String>}. Failures that only show with real values (an Fn::Select index out of
 * bounds, a missing Mappings key) are {@link Failure}s.
 */
final class Evaluator {

    /** An expression that cannot be evaluated with these values. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String fix;

        Failure(String message, String fix) {
            super(message, null, false, false);
            this.fix = fix;
        }

        String fix() {
            return fix;
        }
    }

    private final Map<String, String> values;
    private final Map<String, ? extends Map<String, ? extends Map<String, Expression>>> mappings;

    Evaluator(Map<String, String> values,
            Map<String, ? extends Map<String, ? extends Map<String, Expression>>> mappings) {
        this.values = values;
        this.mappings = mappings;
    }

    /** Evaluates an expression that must give a string. */
    String string(Expression expression) {
        Object value = evaluate(expression);
        if (value instanceof String text) {
            return text;
        }
        throw new Failure("the value is a list " + value + " where a string is needed",
                "select one item with Fn::Select or join them with Fn::Join");
    }

    /** Evaluates an expression that must give a list. */
    List<String> list(Expression expression) {
        Object value = evaluate(expression);
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add((String) item));
            return items;
        }
        throw new Failure("the value '" + value + "' is a string where a list is needed",
                "write a list, or split the string with Fn::Split");
    }

    private Object evaluate(Expression expression) {
        if (expression instanceof Expression.Text text) {
            return text.value();
        }
        if (expression instanceof Expression.ListOf list) {
            return list.items().stream().map(this::string).toList();
        }
        if (expression instanceof Expression.Ref ref) {
            return parameter(ref.parameter());
        }
        if (expression instanceof Expression.Join join) {
            return String.join(join.delimiter(), list(join.values()));
        }
        if (expression instanceof Expression.Select select) {
            return select(select);
        }
        if (expression instanceof Expression.Split split) {
            return Arrays.asList(string(split.source()).split(Pattern.quote(split.delimiter()), -1));
        }
        if (expression instanceof Expression.Sub sub) {
            return sub(sub);
        }
        return findInMap((Expression.FindInMap) expression);
    }

    private String parameter(String name) {
        String value = values.get(name);
        if (value == null) {
            if (ProvisioningTemplate.CERTIFICATE_ID_PARAMETER.equals(name)) {
                throw new Failure(name + " is known only once the certificate is issued",
                        "render with the issued certificate instead of the CSR");
            }
            throw new Failure("parameter " + name + " has no value", "give a value for " + name);
        }
        return value;
    }

    private String select(Expression.Select select) {
        String indexText = string(select.index());
        int index;
        try {
            index = Integer.parseInt(indexText.trim());
        } catch (NumberFormatException e) {
            throw new Failure("the Fn::Select index '" + indexText + "' is not an integer",
                    "make the index a non-negative integer");
        }
        List<String> items = list(select.values());
        if (index < 0 || index >= items.size()) {
            throw new Failure("Fn::Select index " + index + " is out of bounds for " + items + " ("
                    + items.size() + (items.size() == 1 ? " item)" : " items)"),
                    "use an index the list always has, or change how the list is built");
        }
        return items.get(index);
    }

    private String sub(Expression.Sub sub) {
        StringBuilder out = new StringBuilder();
        for (SubText.Part part : SubText.parse(sub.template()).parts()) {
            if (part instanceof SubText.Literal literal) {
                out.append(literal.text());
            } else {
                String name = ((SubText.Placeholder) part).name();
                Expression variable = sub.variables().get(name);
                out.append(variable != null ? string(variable) : parameter(name));
            }
        }
        return out.toString();
    }

    private Object findInMap(Expression.FindInMap find) {
        String mapName = string(find.mapName());
        String topKey = string(find.topKey());
        String secondKey = string(find.secondKey());
        Map<String, ? extends Map<String, Expression>> table = mappings.get(mapName);
        if (table == null) {
            throw new Failure("there is no mapping '" + mapName + "'", "use one of " + mappings.keySet());
        }
        Map<String, Expression> row = table.get(topKey);
        if (row == null) {
            throw new Failure("mapping '" + mapName + "' has no key '" + topKey + "'",
                    "add '" + topKey + "' to the mapping, or use one of " + table.keySet());
        }
        Expression value = row.get(secondKey);
        if (value == null) {
            throw new Failure("mapping '" + mapName + "/" + topKey + "' has no key '" + secondKey + "'",
                    "use one of " + row.keySet());
        }
        return evaluate(value);
    }
}
