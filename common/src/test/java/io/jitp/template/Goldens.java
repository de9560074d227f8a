package io.jitp.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The golden templates under src/test/resources/templates: one per template example of reference section 4. */
final class Goldens {

    /** Thing named from the CN, existing policy by name (the reference's minimal JITP body). */
    static final String THING_FROM_COMMON_NAME = "thing-from-common-name.json";
    /** No thing: activate the certificate and attach two existing policies. */
    static final String FIXED_POLICY_BY_NAME = "fixed-policy-by-name.json";
    /** A policy created from a literal document, with IoT policy variables. */
    static final String POLICY_DOCUMENT = "policy-document.json";
    /** Thing type, attributes, thing groups and billing group from subject fields, with OverrideSettings. */
    static final String GROUPS_AND_ATTRIBUTES = "groups-and-attributes.json";
    /** Names built with Fn::Join, Fn::Sub, Fn::Select/Fn::Split and Fn::FindInMap; a document built by Fn::Sub. */
    static final String JOIN_AND_SUB_NAMES = "join-and-sub-names.json";

    static final List<String> ALL = List.of(THING_FROM_COMMON_NAME, FIXED_POLICY_BY_NAME, POLICY_DOCUMENT,
            GROUPS_AND_ATTRIBUTES, JOIN_AND_SUB_NAMES);

    private Goldens() {
    }

    static String text(String name) {
        try (InputStream in = Goldens.class.getResourceAsStream("/templates/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProvisioningTemplate template(String name) {
        return TemplateCodec.parse(text(name));
    }
}
