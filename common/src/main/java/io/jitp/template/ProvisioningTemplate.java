package io.jitp.template;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A provisioning template as a typed object (reference/aws-iot.md section 4.3). Maps are sorted by key, so two
 * equal templates have the same canonical text ({@link TemplateCodec}). Build one by parsing JSON with
 * {@link TemplateCodec#parse(String)}, which validates it, or in code and check it with
 * {@link TemplateValidator#validate(ProvisioningTemplate)}.
 *
 * @param parameters {@code Parameters}: name to declaration
 * @param mappings {@code Mappings}: map name to top-level key to second-level key to a literal string or list
 * @param resources {@code Resources}: logical id to resource
 */
public record ProvisioningTemplate(SortedMap<String, TemplateParameter> parameters,
        SortedMap<String, SortedMap<String, SortedMap<String, Expression>>> mappings,
        SortedMap<String, Resource> resources) {

    /** The parameter JITP fills with the AWS IoT certificate id (SHA-256 of the certificate's DER encoding). */
    public static final String CERTIFICATE_ID_PARAMETER = "AWS::IoT::Certificate::Id";

    public ProvisioningTemplate {
        parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
        mappings = copyMappings(mappings);
        resources = Collections.unmodifiableSortedMap(new TreeMap<>(resources));
    }

    /** A template without mappings. */
    public ProvisioningTemplate(Map<String, TemplateParameter> parameters, Map<String, Resource> resources) {
        this(new TreeMap<>(parameters), new TreeMap<>(), new TreeMap<>(resources));
    }

    /** The thing resources by logical id (a valid template has at most one). */
    public Map<String, ThingResource> things() {
        return ofType(ThingResource.class);
    }

    /** The certificate resources by logical id (a valid JITP template has exactly one). */
    public Map<String, CertificateResource> certificates() {
        return ofType(CertificateResource.class);
    }

    /** The policy resources by logical id. */
    public Map<String, PolicyResource> policies() {
        return ofType(PolicyResource.class);
    }

    private <T extends Resource> Map<String, T> ofType(Class<T> type) {
        Map<String, T> found = new LinkedHashMap<>();
        resources.forEach((id, resource) -> {
            if (type.isInstance(resource)) {
                found.put(id, type.cast(resource));
            }
        });
        return Collections.unmodifiableMap(found);
    }

    private static SortedMap<String, SortedMap<String, SortedMap<String, Expression>>> copyMappings(
            Map<String, ? extends Map<String, ? extends Map<String, Expression>>> mappings) {
        SortedMap<String, SortedMap<String, SortedMap<String, Expression>>> copy = new TreeMap<>();
        mappings.forEach((name, table) -> {
            SortedMap<String, SortedMap<String, Expression>> rows = new TreeMap<>();
            table.forEach((top, values) -> rows.put(top, Collections.unmodifiableSortedMap(new TreeMap<>(values))));
            copy.put(name, Collections.unmodifiableSortedMap(rows));
        });
        return Collections.unmodifiableSortedMap(copy);
    }
}
