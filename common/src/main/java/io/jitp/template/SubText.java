package io.jitp.template;

import java.util.ArrayList;
import java.util.List;

/**
 * The parsed text of an {@code Fn::Sub}: literal runs and {@code ${name}} placeholders. {@code ${!name}} is the
 * literal text {@code ${name}}, as in CloudFormation.
 */
record SubText(List<Part> parts) {

    /** A run of the text. */
    sealed interface Part {
    }

    /** Literal text. */
    record Literal(String text) implements Part {
    }

    /** A {@code ${name}} placeholder. */
    record Placeholder(String name) implements Part {
    }

    /**
     * Parses the text of an Fn::Sub.
     *
     * @throws IllegalArgumentException naming the offset of an unterminated or empty placeholder
     */
    static SubText parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("${", i);
            if (open < 0) {
                literal.append(text, i, text.length());
                break;
            }
            literal.append(text, i, open);
            int close = text.indexOf('}', open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("'${' at offset " + open + " has no closing '}'");
            }
            String name = text.substring(open + 2, close);
            if (name.startsWith("!")) {
                literal.append("${").append(name, 1, name.length()).append('}');
            } else if (name.isBlank()) {
                throw new IllegalArgumentException("'${}' at offset " + open + " names nothing");
            } else {
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Placeholder(name));
            }
            i = close + 1;
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new SubText(List.copyOf(parts));
    }

    /** The placeholder names, in order of appearance. */
    List<String> names() {
        return parts.stream().filter(Placeholder.class::isInstance).map(p -> ((Placeholder) p).name()).toList();
    }
}
