package io.jitp.template;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A value in a provisioning template: a literal, a list, or one of the intrinsic functions AWS IoT documents for
 * provisioning templates (reference/aws-iot.md section 4.3): {@code Ref}, {@code Fn::Join}, {@code Fn::Select},
 * {@code Fn::Split}, {@code Fn::Sub} and {@code Fn::FindInMap}. Nothing else can be expressed, so a template built
 * from these records never holds an unsupported function.
 */
public sealed interface Expression {

    /** A literal string. */
    static Text text(String value) {
        return new Text(value);
    }

    /** A reference to a declared parameter. */
    static Ref ref(String parameter) {
        return new Ref(parameter);
    }

    /** A literal string, e.g. {@code "ACTIVE"}. */
    record Text(String value) implements Expression {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A literal list whose items are strings or functions returning strings, e.g. {@code ["v1", {"Ref": "X"}]}. */
    record ListOf(List<Expression> items) implements Expression {
        public ListOf {
            items = List.copyOf(items);
        }
    }

    /** {@code {"Ref": "<parameter>"}}: the value of a declared parameter. */
    record Ref(String parameter) implements Expression {
        public Ref {
            Objects.requireNonNull(parameter, "parameter");
        }
    }

    /** {@code {"Fn::Join": ["<delimiter>", <list>]}}: the list's strings joined by the delimiter. */
    record Join(String delimiter, Expression values) implements Expression {
        public Join {
            Objects.requireNonNull(delimiter, "delimiter");
            Objects.requireNonNull(values, "values");
        }
    }

    /** {@code {"Fn::Select": ["<index>", <list>]}}: the list item at a zero-based index. */
    record Select(Expression index, Expression values) implements Expression {
        public Select {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(values, "values");
        }
    }

    /** {@code {"Fn::Split": ["<delimiter>", <string>]}}: the string cut at every delimiter, as a list. */
    record Split(String delimiter, Expression source) implements Expression {
        public Split {
            Objects.requireNonNull(delimiter, "delimiter");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * {@code {"Fn::Sub": "<text>"}} or {@code {"Fn::Sub": ["<text>", {"<variable>": <value>}]}}: the text with every
     * {@code ${name}} replaced by the variable or parameter of that name; {@code ${!name}} stands for the literal
     * {@code ${name}} (how IoT policy variables such as {@code ${!iot:ClientId}} are written inside a Sub).
     */
    record Sub(String template, SortedMap<String, Expression> variables) implements Expression {
        public Sub {
            Objects.requireNonNull(template, "template");
            variables = Collections.unmodifiableSortedMap(new TreeMap<>(variables));
        }
    }

    /** {@code {"Fn::FindInMap": [<map>, <top key>, <second key>]}}: a value from the template's Mappings. */
    record FindInMap(Expression mapName, Expression topKey, Expression secondKey) implements Expression {
        public FindInMap {
            Objects.requireNonNull(mapName, "mapName");
            Objects.requireNonNull(topKey, "topKey");
            Objects.requireNonNull(secondKey, "secondKey");
        }
    }
}
