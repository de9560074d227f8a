package io.jitp.template;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.jitp.error.JitpException.Violation;
import io.jitp.pki.SubjectField;
import io.jitp.template.ExpressionReader.Kind;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a JITP provisioning template from a JSON tree into the typed model, recording every problem at once with
 * a JSON pointer and a fix (reference/aws-iot.md section 4.3). Whatever part of the tree is readable ends up in
 * the model, so later checks can still run; the model is only handed out when there are no violations.
 */
final class TemplateReader {

    private static final List<String> TOP_KEYS = List.of("Parameters", "Mappings", "Resources");
    private static final List<String> PARAMETER_KEYS = List.of("Type", "Default");
    private static final List<String> RESOURCE_KEYS = List.of("Type", "Properties", "OverrideSettings");
    private static final List<String> RESOURCE_TYPES = List.of(Resource.THING, Resource.CERTIFICATE,
            Resource.POLICY);
    private static final List<String> THING_KEYS = List.of("ThingName", "AttributePayload", "ThingTypeName",
            "ThingGroups", "BillingGroup");
    private static final List<String> CERTIFICATE_KEYS = List.of("CertificateId", "CertificatePem",
            "CACertificatePem", "CertificateSigningRequest", "Status");
    private static final List<String> POLICY_KEYS = List.of("PolicyName", "PolicyDocument");
    private static final List<String> STATUSES = List.of("ACTIVE", "INACTIVE");
    private static final String JITP_CERTIFICATE = "\"CertificateId\": {\"Ref\": \""
            + ProvisioningTemplate.CERTIFICATE_ID_PARAMETER + "\"}";
    private static final int MAX_ATTRIBUTES_WITHOUT_TYPE = 3;

    private final List<Violation> violations = new ArrayList<>();
    private final Map<String, List<String>> idsByType = new LinkedHashMap<>();
    private ExpressionReader expressions;
    private boolean unknownType;

    /** The outcome: the model (possibly partial) and the violations, in document order. */
    record Result(ProvisioningTemplate template, List<Violation> violations) {
    }

    /** Reads and checks a template tree. */
    static Result read(JsonNode root) {
        TemplateReader reader = new TemplateReader();
        ProvisioningTemplate template = reader.template(root);
        return new Result(template, List.copyOf(reader.violations));
    }

    private ProvisioningTemplate template(JsonNode root) {
        if (!root.isObject()) {
            add("", "a template is a JSON object with Parameters and Resources, not " + ExpressionReader.describe(root),
                    "write {\"Parameters\": {...}, \"Resources\": {...}}");
            return null;
        }
        for (String key : keys(root)) {
            if ("DeviceConfiguration".equals(key)) {
                add(JsonText.pointer("", key), "DeviceConfiguration belongs to fleet-provisioning templates; JITP"
                        + " does not use it", "remove DeviceConfiguration");
            } else if (!TOP_KEYS.contains(key)) {
                unknownKey("", key, TOP_KEYS, "a template has Parameters, Mappings and Resources");
            }
        }
        SortedMap<String, TemplateParameter> parameters = parameters(root.get("Parameters"));
        SortedMap<String, SortedMap<String, SortedMap<String, Expression>>> mappings = mappings(
                root.get("Mappings"));
        expressions = new ExpressionReader(violations, declaredNames(root.get("Parameters")), mappings);
        SortedMap<String, Resource> resources = resources(root.get("Resources"));
        checkResourceCounts(root.get("Resources"));
        return new ProvisioningTemplate(parameters, mappings, resources);
    }

    private static Set<String> declaredNames(JsonNode parameters) {
        Set<String> names = new HashSet<>();
        if (parameters != null && parameters.isObject()) {
            parameters.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    // Parameters

    private SortedMap<String, TemplateParameter> parameters(JsonNode node) {
        SortedMap<String, TemplateParameter> parameters = new TreeMap<>();
        if (node == null) {
            return parameters;
        }
        if (!node.isObject()) {
            add("/Parameters", "Parameters must be an object of parameter declarations",
                    "write \"Parameters\": {\"" + ProvisioningTemplate.CERTIFICATE_ID_PARAMETER
                            + "\": {\"Type\": \"String\"}}");
            return parameters;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            TemplateParameter parameter = parameter(entry.getKey(), entry.getValue(),
                    JsonText.pointer("/Parameters", entry.getKey()));
            if (parameter != null) {
                parameters.put(entry.getKey(), parameter);
            }
        }
        return parameters;
    }

    private TemplateParameter parameter(String name, JsonNode node, String pointer) {
        if (!node.isObject()) {
            add(pointer, "a parameter is declared as an object", "write {\"Type\": \"String\"}");
            return null;
        }
        for (String key : keys(node)) {
            if (!PARAMETER_KEYS.contains(key)) {
                unknownKey(pointer, key, PARAMETER_KEYS, "a parameter declares Type and an optional Default");
            }
        }
        JsonNode type = node.get("Type");
        if (type == null) {
            add(JsonText.pointer(pointer, "Type"), "the parameter has no Type", "add \"Type\": \"String\"");
        } else if (!type.isTextual() || !TemplateParameter.STRING.equals(type.asText())) {
            add(JsonText.pointer(pointer, "Type"), "AWS IoT provisioning templates support only String parameters",
                    "write \"Type\": \"String\"");
        }
        JsonNode fallback = node.get("Default");
        if (fallback != null && !fallback.isTextual()) {
            add(JsonText.pointer(pointer, "Default"), "a Default must be a string, not "
                    + ExpressionReader.describe(fallback), "quote it: \"" + fallback.asText() + "\"");
        }
        if (fallback == null && !TemplateParameters.JITP_PARAMETERS.contains(name)) {
            add(pointer, notSuppliedByJitp(name), "use one of " + String.join(", ", TemplateParameters.JITP_PARAMETERS)
                    + ", or give " + name + " a Default");
        }
        String defaultValue = fallback != null && fallback.isTextual() ? fallback.asText() : null;
        return new TemplateParameter(TemplateParameter.STRING, defaultValue);
    }

    private static String notSuppliedByJitp(String name) {
        if (name.startsWith(SubjectField.PARAMETER_PREFIX)) {
            return name + " is not one of the eight parameters JITP fills from a certificate, and it has no Default";
        }
        return "JITP fills parameters only from the device certificate; " + name
                + " is not one of its eight parameters and has no Default";
    }

    // Mappings

    private SortedMap<String, SortedMap<String, SortedMap<String, Expression>>> mappings(JsonNode node) {
        SortedMap<String, SortedMap<String, SortedMap<String, Expression>>> mappings = new TreeMap<>();
        if (node == null) {
            return mappings;
        }
        String fix = "write \"Mappings\": {\"Map\": {\"TopKey\": {\"SecondKey\": \"value\"}}}";
        if (!node.isObject()) {
            add("/Mappings", "Mappings must be an object of maps", fix);
            return mappings;
        }
        for (Map.Entry<String, JsonNode> map : node.properties()) {
            String mapAt = JsonText.pointer("/Mappings", map.getKey());
            if (!map.getValue().isObject()) {
                add(mapAt, "a mapping is an object of top-level keys", fix);
                continue;
            }
            SortedMap<String, SortedMap<String, Expression>> table = new TreeMap<>();
            for (Map.Entry<String, JsonNode> row : map.getValue().properties()) {
                String rowAt = JsonText.pointer(mapAt, row.getKey());
                if (!row.getValue().isObject()) {
                    add(rowAt, "a mapping's top-level key holds an object of second-level keys", fix);
                    continue;
                }
                SortedMap<String, Expression> values = new TreeMap<>();
                for (Map.Entry<String, JsonNode> value : row.getValue().properties()) {
                    Expression literal = mappingValue(value.getValue(), JsonText.pointer(rowAt, value.getKey()));
                    if (literal != null) {
                        values.put(value.getKey(), literal);
                    }
                }
                table.put(row.getKey(), values);
            }
            mappings.put(map.getKey(), table);
        }
        return mappings;
    }

    private Expression mappingValue(JsonNode node, String pointer) {
        if (node.isTextual()) {
            return new Expression.Text(node.asText());
        }
        if (node.isArray() && node.size() > 0 && allTextual(node)) {
            List<Expression> items = new ArrayList<>();
            node.forEach(item -> items.add(new Expression.Text(item.asText())));
            return new Expression.ListOf(items);
        }
        if (ExpressionReader.looksLikeFunction(node)) {
            add(pointer, "Mappings cannot contain parameters or intrinsic functions",
                    "write a literal string or list of strings");
        } else {
            add(pointer, "a mapping value is a string or a non-empty list of strings, not "
                    + ExpressionReader.describe(node), "write a literal string or list of strings");
        }
        return null;
    }

    private static boolean allTextual(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }

    // Resources

    private SortedMap<String, Resource> resources(JsonNode node) {
        SortedMap<String, Resource> resources = new TreeMap<>();
        String example = "{\"certificate\": {\"Type\": \"AWS::IoT::Certificate\", \"Properties\": {"
                + JITP_CERTIFICATE + ", \"Status\": \"ACTIVE\"}}}";
        if (node == null) {
            add("/Resources", "the template has no Resources", "add \"Resources\": " + example);
            return resources;
        }
        if (!node.isObject()) {
            add("/Resources", "Resources must be an object of logical id to resource", "write \"Resources\": "
                    + example);
            return resources;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            Resource resource = resource(entry.getKey(), entry.getValue(),
                    JsonText.pointer("/Resources", entry.getKey()));
            if (resource != null) {
                resources.put(entry.getKey(), resource);
            }
        }
        return resources;
    }

    private Resource resource(String id, JsonNode node, String pointer) {
        if (!node.isObject()) {
            add(pointer, "a resource is an object with Type and Properties", "write {\"Type\": \"AWS::IoT::Thing\","
                    + " \"Properties\": {...}}");
            return null;
        }
        for (String key : keys(node)) {
            if (!RESOURCE_KEYS.contains(key)) {
                unknownKey(pointer, key, RESOURCE_KEYS,
                        "a resource has Type, Properties and optional OverrideSettings");
            }
        }
        String type = resourceType(node.get("Type"), JsonText.pointer(pointer, "Type"));
        if (type == null) {
            unknownType = true;
            return null;
        }
        idsByType.computeIfAbsent(type, t -> new ArrayList<>()).add(id);
        Map<OverridableProperty, OverrideAction> overrides = overrideSettings(node.get("OverrideSettings"),
                JsonText.pointer(pointer, "OverrideSettings"), type);
        JsonNode properties = node.get("Properties");
        String propertiesAt = JsonText.pointer(pointer, "Properties");
        if (properties == null || !properties.isObject()) {
            add(properties == null ? pointer : propertiesAt,
                    properties == null ? "the resource has no Properties" : "Properties must be an object",
                    "add \"Properties\": {...} with the " + type + " properties");
            return null;
        }
        return switch (type) {
            case Resource.THING -> thing(properties, propertiesAt, overrides);
            case Resource.CERTIFICATE -> certificate(properties, propertiesAt, overrides);
            default -> policy(properties, propertiesAt);
        };
    }

    private String resourceType(JsonNode type, String pointer) {
        String fix = "use one of " + String.join(", ", RESOURCE_TYPES);
        if (type == null) {
            add(pointer.substring(0, pointer.lastIndexOf('/')), "the resource has no Type", fix);
            return null;
        }
        if (!type.isTextual() || !RESOURCE_TYPES.contains(type.asText())) {
            String suggestion = Suggestions.closest(type.asText(), RESOURCE_TYPES);
            add(pointer, "'" + type.asText() + "' is not a resource type of provisioning templates"
                    + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"), fix);
            return null;
        }
        return type.asText();
    }

    private Map<OverridableProperty, OverrideAction> overrideSettings(JsonNode node, String pointer, String type) {
        Map<OverridableProperty, OverrideAction> settings = new EnumMap<>(OverridableProperty.class);
        if (node == null) {
            return settings;
        }
        if (Resource.POLICY.equals(type)) {
            add(pointer, "policies have no OverrideSettings", "remove OverrideSettings from the policy");
            return settings;
        }
        boolean thing = Resource.THING.equals(type);
        String allowed = thing ? "AttributePayload, ThingTypeName or ThingGroups" : "Status";
        if (!node.isObject()) {
            add(pointer, "OverrideSettings must be an object of property to action",
                    "write {\"" + (thing ? "ThingGroups" : "Status") + "\": \"DO_NOTHING\"}");
            return settings;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String at = JsonText.pointer(pointer, entry.getKey());
            OverridableProperty property = OverridableProperty.ofKey(entry.getKey())
                    .filter(p -> p.ofThing() == thing)
                    .orElse(null);
            if (property == null) {
                add(at, "'" + entry.getKey() + "' cannot be overridden on " + (thing ? "a thing" : "a certificate"),
                        "use " + allowed);
                continue;
            }
            OverrideAction action = overrideAction(entry.getValue(), at, property);
            if (action != null && settings.put(property, action) != null) {
                add(at, property.propertyName() + " is overridden twice", "keep one of the two spellings");
            }
        }
        return settings;
    }

    private OverrideAction overrideAction(JsonNode node, String pointer, OverridableProperty property) {
        OverrideAction action = null;
        if (node.isTextual()) {
            for (OverrideAction candidate : OverrideAction.values()) {
                if (candidate.name().equals(node.asText())) {
                    action = candidate;
                }
            }
        }
        if (action == null) {
            add(pointer, "'" + node.asText() + "' is not an override action",
                    "use DO_NOTHING, REPLACE, FAIL" + (property.mergeable() ? " or MERGE" : ""));
        } else if (action == OverrideAction.MERGE && !property.mergeable()) {
            add(pointer, "MERGE applies only to a thing's AttributePayload and ThingGroups",
                    "use DO_NOTHING, REPLACE or FAIL");
            return null;
        }
        return action;
    }

    private ThingResource thing(JsonNode properties, String pointer,
            Map<OverridableProperty, OverrideAction> overrides) {
        checkKeys(properties, pointer, THING_KEYS, "a thing has " + String.join(", ", THING_KEYS));
        Expression name = required(properties, pointer, "ThingName", IotName.THING_NAME);
        SortedMap<String, Expression> attributes = attributes(properties.get("AttributePayload"),
                JsonText.pointer(pointer, "AttributePayload"));
        Expression type = optional(properties, pointer, "ThingTypeName", Kind.STRING, IotName.THING_TYPE_NAME);
        Expression groups = optional(properties, pointer, "ThingGroups", Kind.LIST, IotName.THING_GROUP_NAME);
        Expression billing = optional(properties, pointer, "BillingGroup", Kind.STRING, IotName.BILLING_GROUP_NAME);
        if (attributes.size() > MAX_ATTRIBUTES_WITHOUT_TYPE && properties.get("ThingTypeName") == null) {
            add(JsonText.pointer(pointer, "AttributePayload"), "a thing without a thing type can have at most "
                    + MAX_ATTRIBUTES_WITHOUT_TYPE + " attributes; this one has " + attributes.size(),
                    "add a ThingTypeName, or keep at most " + MAX_ATTRIBUTES_WITHOUT_TYPE + " attributes");
        }
        return name == null ? null : new ThingResource(name, attributes, type, groups, billing, overrides);
    }

    private SortedMap<String, Expression> attributes(JsonNode node, String pointer) {
        SortedMap<String, Expression> attributes = new TreeMap<>();
        if (node == null) {
            return attributes;
        }
        if (!node.isObject()) {
            add(pointer, "AttributePayload must be an object of attribute name to value",
                    "write \"AttributePayload\": {\"version\": \"v1\"}");
            return attributes;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String at = JsonText.pointer(pointer, entry.getKey());
            if (!IotName.ATTRIBUTE_NAME.accepts(entry.getKey())) {
                add(at, "'" + entry.getKey() + "' is not a valid attribute name: " + IotName.ATTRIBUTE_NAME.rule(),
                        "rename the attribute");
            }
            Expression value = expressions.read(entry.getValue(), at, Kind.STRING, IotName.ATTRIBUTE_VALUE);
            if (value != null) {
                attributes.put(entry.getKey(), value);
            }
        }
        return attributes;
    }

    private CertificateResource certificate(JsonNode properties, String pointer,
            Map<OverridableProperty, OverrideAction> overrides) {
        checkKeys(properties, pointer, CERTIFICATE_KEYS, "a certificate has " + String.join(", ", CERTIFICATE_KEYS));
        Expression id = optional(properties, pointer, "CertificateId", Kind.STRING, null);
        Expression pem = optional(properties, pointer, "CertificatePem", Kind.STRING, null);
        Expression caPem = optional(properties, pointer, "CACertificatePem", Kind.STRING, null);
        Expression csr = optional(properties, pointer, "CertificateSigningRequest", Kind.STRING, null);
        Expression status = optional(properties, pointer, "Status", Kind.STRING, null);
        for (String key : List.of("CertificatePem", "CACertificatePem", "CertificateSigningRequest")) {
            if (properties.has(key)) {
                add(JsonText.pointer(pointer, key), "JITP provisions the certificate the device presented; " + key
                        + " is for bulk registration", "remove " + key + " and write " + JITP_CERTIFICATE);
            }
        }
        if (!properties.has("CertificateId")) {
            add(pointer, "the certificate has no CertificateId", "add " + JITP_CERTIFICATE);
        } else if (id != null && !(id instanceof Expression.Ref ref
                && ProvisioningTemplate.CERTIFICATE_ID_PARAMETER.equals(ref.parameter()))) {
            add(JsonText.pointer(pointer, "CertificateId"), "a JITP template's certificate is the one being"
                    + " provisioned, referenced as {\"Ref\": \"" + ProvisioningTemplate.CERTIFICATE_ID_PARAMETER
                    + "\"}", "write " + JITP_CERTIFICATE);
        }
        checkStatus(status, JsonText.pointer(pointer, "Status"));
        return new CertificateResource(id, pem, caPem, csr, status, overrides);
    }

    private void checkStatus(Expression status, String pointer) {
        if (status instanceof Expression.Text text && !STATUSES.contains(text.value())) {
            String upper = text.value().toUpperCase(Locale.ROOT);
            add(pointer, "Status must be ACTIVE or INACTIVE, not '" + text.value() + "'",
                    STATUSES.contains(upper) ? "write \"" + upper + "\"" : "write \"ACTIVE\"");
        }
    }

    private PolicyResource policy(JsonNode properties, String pointer) {
        checkKeys(properties, pointer, POLICY_KEYS, "a policy has PolicyName or PolicyDocument");
        boolean named = properties.has("PolicyName");
        boolean documented = properties.has("PolicyDocument");
        if (named == documented) {
            add(pointer, named ? "a policy has PolicyName or PolicyDocument, not both"
                    : "a policy needs PolicyName (an existing policy) or PolicyDocument (a policy to create)",
                    named ? "keep PolicyName to attach an existing policy, or PolicyDocument to create one (AWS names"
                            + " it after a hash of the document)" : "add \"PolicyName\": \"<existing policy>\"");
        }
        Expression name = optional(properties, pointer, "PolicyName", Kind.STRING, IotName.POLICY_NAME);
        Expression document = documented
                ? policyDocument(properties.get("PolicyDocument"), JsonText.pointer(pointer, "PolicyDocument"))
                : null;
        return name == null && document == null ? null : new PolicyResource(name, document);
    }

    private Expression policyDocument(JsonNode node, String pointer) {
        if (node.isObject() && ExpressionReader.looksLikeFunction(node)) {
            return expressions.read(node, pointer, Kind.STRING, null);
        }
        JsonNode document = node;
        if (node.isTextual()) {
            try {
                document = JsonText.mapper().readTree(node.asText());
            } catch (JsonProcessingException e) {
                add(pointer, "PolicyDocument is not valid JSON: " + JsonText.describe(e),
                        "write the policy as a JSON object, or fix the escaped string");
                return null;
            }
        } else if (!node.isObject()) {
            add(pointer, "PolicyDocument must be an IoT policy (a JSON object, or that object as an escaped string),"
                    + " not " + ExpressionReader.describe(node), "write {\"Version\": \"2012-10-17\", ...}");
            return null;
        }
        int before = violations.size();
        PolicyDocumentRules.check(document, pointer, violations);
        return violations.size() == before ? new Expression.Text(JsonText.compact(document)) : null;
    }

    // Shared

    private Expression required(JsonNode properties, String pointer, String key, IotName rule) {
        JsonNode node = properties.get(key);
        if (node == null) {
            add(pointer, "the resource has no " + key, "add \"" + key + "\": {\"Ref\": \""
                    + SubjectField.CN.jitpParameter() + "\"}");
            return null;
        }
        return expressions.read(node, JsonText.pointer(pointer, key), Kind.STRING, rule);
    }

    private Expression optional(JsonNode properties, String pointer, String key, Kind kind, IotName rule) {
        JsonNode node = properties.get(key);
        return node == null ? null : expressions.read(node, JsonText.pointer(pointer, key), kind, rule);
    }

    private void checkResourceCounts(JsonNode resources) {
        if (resources == null || !resources.isObject()) {
            return;
        }
        List<String> things = idsByType.getOrDefault(Resource.THING, List.of());
        for (String extra : things.subList(Math.min(1, things.size()), things.size())) {
            add(JsonText.pointer("/Resources", extra), "a template declares at most one AWS::IoT::Thing, and '"
                    + things.get(0) + "' is one already", "keep a single thing resource");
        }
        List<String> certificates = idsByType.getOrDefault(Resource.CERTIFICATE, List.of());
        if (certificates.isEmpty() && !unknownType) {
            add("/Resources", "a JITP template needs an AWS::IoT::Certificate resource",
                    "add \"certificate\": {\"Type\": \"AWS::IoT::Certificate\", \"Properties\": {"
                            + JITP_CERTIFICATE + ", \"Status\": \"ACTIVE\"}}");
        }
        for (String extra : certificates.subList(Math.min(1, certificates.size()), certificates.size())) {
            add(JsonText.pointer("/Resources", extra), "a template declares at most one AWS::IoT::Certificate, and '"
                    + certificates.get(0) + "' is one already", "keep a single certificate resource");
        }
    }

    private void checkKeys(JsonNode node, String pointer, List<String> allowed, String hint) {
        for (String key : keys(node)) {
            if (!allowed.contains(key)) {
                unknownKey(pointer, key, allowed, hint);
            }
        }
    }

    private void unknownKey(String pointer, String key, List<String> allowed, String hint) {
        String suggestion = Suggestions.closest(key, allowed);
        add(JsonText.pointer(pointer, key), "unknown key '" + key + "'"
                + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"), hint);
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private void add(String pointer, String message, String fix) {
        violations.add(new Violation(pointer, message, fix));
    }
}
