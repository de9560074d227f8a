package io.jitp.template;

import java.util.regex.Pattern;

/**
 * The constraints AWS IoT puts on the names and values a template produces (botocore IoT model, shapes
 * {@code ThingName}, {@code AttributeValue}, …; reference/aws-iot.md sections 2.3 and 2.4). The model's patterns
 * are checked against the whole value, as the service does.
 */
enum IotName {
    /** {@code ThingName}. */
    THING_NAME("thing name", "[a-zA-Z0-9:_-]+", 1, 128, "letters, digits, ':', '_' and '-'"),
    /** {@code ThingTypeName}. */
    THING_TYPE_NAME("thing type name", "[a-zA-Z0-9:_-]+", 1, 128, "letters, digits, ':', '_' and '-'"),
    /** {@code ThingGroupName}. */
    THING_GROUP_NAME("thing group name", "[a-zA-Z0-9:_-]+", 1, 128, "letters, digits, ':', '_' and '-'"),
    /** {@code BillingGroupName}. */
    BILLING_GROUP_NAME("billing group name", "[a-zA-Z0-9:_-]+", 1, 128, "letters, digits, ':', '_' and '-'"),
    /** {@code AttributeName}. */
    ATTRIBUTE_NAME("attribute name", "[a-zA-Z0-9_.,@/:#-]+", 1, 128, "letters, digits and _ . , @ / : # -"),
    /** {@code AttributeValue}. */
    ATTRIBUTE_VALUE("attribute value", "[a-zA-Z0-9_.,@/:#=\\[\\]-]*", 0, 800,
            "letters, digits and _ . , @ / : # = [ ] -"),
    /** {@code PolicyName}. */
    POLICY_NAME("policy name", "[\\w+=,.@-]+", 1, 128, "letters, digits and _ + = , . @ -");

    private final String label;
    private final Pattern pattern;
    private final int min;
    private final int max;
    private final String alphabet;

    IotName(String label, String pattern, int min, int max, String alphabet) {
        this.label = label;
        this.pattern = Pattern.compile(pattern);
        this.min = min;
        this.max = max;
        this.alphabet = alphabet;
    }

    /** Whether AWS IoT accepts the value. */
    boolean accepts(String value) {
        int length = value.codePointCount(0, value.length());
        return length >= min && length <= max && pattern.matcher(value).matches();
    }

    /** What a valid value looks like, e.g. "a thing name is 1 to 128 letters, digits, ':', '_' and '-'". */
    String rule() {
        String size = min == max ? "exactly " + min : (min == 0 ? "at most " + max : min + " to " + max);
        return "a " + label + " is " + size + " characters: " + alphabet;
    }

    /** The human label, e.g. "thing name". */
    String label() {
        return label;
    }
}
