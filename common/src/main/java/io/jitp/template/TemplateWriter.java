package io.jitp.template;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the typed model as a JSON tree in jitp's canonical order: top level Parameters, Mappings, Resources;
 * user-named keys (parameters, mappings, logical ids, attributes) sorted; resource keys Type, Properties,
 * OverrideSettings; properties in the order of the AWS documentation. Empty optional sections are left out.
 */
final class TemplateWriter {

    /** How a literal policy document is written. */
    enum PolicyForm {
        /** As a JSON object: the readable form kept in files. */
        OBJECT,
        /** As an escaped JSON string: the {@code templateBody} form, as the AWS JITP examples write it. */
        STRING
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TemplateWriter() {
    }

    static ObjectNode tree(ProvisioningTemplate template, PolicyForm form) {
        ObjectNode root = NODES.objectNode();
        if (!template.parameters().isEmpty()) {
            ObjectNode parameters = root.putObject("Parameters");
            template.parameters().forEach((name, parameter) -> {
                ObjectNode declaration = parameters.putObject(name);
                declaration.put("Type", parameter.type());
                parameter.fallback().ifPresent(value -> declaration.put("Default", value));
            });
        }
        if (!template.mappings().isEmpty()) {
            ObjectNode mappings = root.putObject("Mappings");
            template.mappings().forEach((name, table) -> {
                ObjectNode rows = mappings.putObject(name);
                table.forEach((top, values) -> {
                    ObjectNode row = rows.putObject(top);
                    values.forEach((key, value) -> row.set(key, expression(value)));
                });
            });
        }
        ObjectNode resources = root.putObject("Resources");
        template.resources().forEach((id, resource) -> resources.set(id, resource(resource, form)));
        return root;
    }

    private static ObjectNode resource(Resource resource, PolicyForm form) {
        ObjectNode node = NODES.objectNode();
        node.put("Type", resource.type());
        ObjectNode properties = node.putObject("Properties");
        if (resource instanceof ThingResource thing) {
            put(properties, "ThingName", thing.thingName());
            if (!thing.attributePayload().isEmpty()) {
                ObjectNode attributes = properties.putObject("AttributePayload");
                thing.attributePayload().forEach((name, value) -> attributes.set(name, expression(value)));
            }
            put(properties, "ThingTypeName", thing.thingTypeName());
            put(properties, "ThingGroups", thing.thingGroups());
            put(properties, "BillingGroup", thing.billingGroup());
        } else if (resource instanceof CertificateResource certificate) {
            put(properties, "CertificateId", certificate.certificateId());
            put(properties, "CertificatePem", certificate.certificatePem());
            put(properties, "CACertificatePem", certificate.caCertificatePem());
            put(properties, "CertificateSigningRequest", certificate.certificateSigningRequest());
            put(properties, "Status", certificate.status());
        } else if (resource instanceof PolicyResource policy) {
            put(properties, "PolicyName", policy.policyName());
            if (policy.policyDocument() != null) {
                properties.set("PolicyDocument", policyDocument(policy.policyDocument(), form));
            }
        }
        if (!resource.overrideSettings().isEmpty()) {
            ObjectNode overrides = node.putObject("OverrideSettings");
            for (Map.Entry<OverridableProperty, OverrideAction> entry : resource.overrideSettings().entrySet()) {
                overrides.put(entry.getKey().propertyName(), entry.getValue().name());
            }
        }
        return node;
    }

    private static JsonNode policyDocument(Expression document, PolicyForm form) {
        if (form == PolicyForm.OBJECT && document instanceof Expression.Text text) {
            try {
                JsonNode parsed = JsonText.mapper().readTree(text.value());
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (JsonProcessingException e) {
                // Not JSON: written as the string it is, and the validator reports it.
                return expression(document);
            }
        }
        return expression(document);
    }

    private static void put(ObjectNode properties, String key, Expression value) {
        if (value != null) {
            properties.set(key, expression(value));
        }
    }

    /** The JSON form of an expression. */
    static JsonNode expression(Expression expression) {
        if (expression instanceof Expression.Text text) {
            return NODES.textNode(text.value());
        }
        if (expression instanceof Expression.ListOf list) {
            ArrayNode items = NODES.arrayNode();
            list.items().forEach(item -> items.add(expression(item)));
            return items;
        }
        if (expression instanceof Expression.Ref ref) {
            return NODES.objectNode().put(ExpressionReader.REF, ref.parameter());
        }
        if (expression instanceof Expression.Join join) {
            return function(ExpressionReader.JOIN, NODES.textNode(join.delimiter()), expression(join.values()));
        }
        if (expression instanceof Expression.Select select) {
            return function(ExpressionReader.SELECT, expression(select.index()), expression(select.values()));
        }
        if (expression instanceof Expression.Split split) {
            return function(ExpressionReader.SPLIT, NODES.textNode(split.delimiter()), expression(split.source()));
        }
        if (expression instanceof Expression.Sub sub) {
            if (sub.variables().isEmpty()) {
                return NODES.objectNode().put(ExpressionReader.SUB, sub.template());
            }
            ObjectNode variables = NODES.objectNode();
            sub.variables().forEach((name, value) -> variables.set(name, expression(value)));
            return function(ExpressionReader.SUB, NODES.textNode(sub.template()), variables);
        }
        Expression.FindInMap find = (Expression.FindInMap) expression;
        return function(ExpressionReader.FIND_IN_MAP, expression(find.mapName()), expression(find.topKey()),
                expression(find.secondKey()));
    }

    private static ObjectNode function(String name, JsonNode... arguments) {
        ObjectNode node = NODES.objectNode();
        ArrayNode list = node.putArray(name);
        for (JsonNode argument : arguments) {
            list.add(argument);
        }
        return node;
    }
}
