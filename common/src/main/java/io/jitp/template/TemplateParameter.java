package io.jitp.template;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a template's {@code Parameters} section. AWS IoT documents only the {@code String} type.
 *
 * @param type the parameter type, always {@value #STRING}
 * @param defaultValue the {@code Default}, or {@code null} when there is none
 */
public record TemplateParameter(String type, String defaultValue) {

    /** The only parameter type AWS IoT documents for provisioning templates. */
    public static final String STRING = "String";

    public TemplateParameter {
        Objects.requireNonNull(type, "type");
    }

    /** A String parameter without a default. */
    public static TemplateParameter string() {
        return new TemplateParameter(STRING, null);
    }

    /** A String parameter with a default. */
    public static TemplateParameter string(String defaultValue) {
        return new TemplateParameter(STRING, Objects.requireNonNull(defaultValue, "defaultValue"));
    }

    /** The {@code Default}, if the parameter declares one. */
    public Optional<String> fallback() {
        return Optional.ofNullable(defaultValue);
    }
}
