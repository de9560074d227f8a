package io.jitp.template;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.jitp.error.JitpException;
import io.jitp.error.JitpException.Violation;
import io.jitp.pki.CertificateId;
import io.jitp.pki.SubjectField;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates a JITP template for one certificate and produces the {@link ProvisioningPlan}: what JITP would create
 * (reference/aws-iot.md section 4). Rendering fails, listing every problem, when JITP would fail: a declared
 * certificate parameter the certificate does not carry, an Fn::Select out of bounds, a missing Mappings key, or a
 * value AWS IoT refuses (a thing name with a space, an attribute value with '$', a rendered policy document that
 * is not an IoT policy).
 *
 * <p>
 * Choices where AWS does not document the behaviour:
 * <ul>
 * <li>Every declared certificate parameter must have a value in the certificate, as the JITP guide states; a
 * {@code Default} on one of the seven subject parameters does <em>not</em> stand in for a missing subject field.
 * Other parameters (which JITP cannot fill) take their {@code Default}, or a value from a plain parameter map.</li>
 * <li>A policy created from a {@code PolicyDocument} is named {@link #policyNameOf the lowercase hex SHA-256} of
 * the document text as rendered.</li>
 * <li>A certificate without {@code Status} becomes ACTIVE, as the provisioning-template guide says.</li>
 * </ul>
 */
public final class TemplateEngine {

    private static final String ACTIVE = "ACTIVE";

    private TemplateEngine() {
    }

    /**
     * Renders the template for a certificate, a CSR or a parameter map.
     *
     * @throws JitpException listing every problem, each with a pointer into the template (or to the parameter)
     *     and a fix; a missing certificate value names the subject field to add
     */
    public static ProvisioningPlan render(ProvisioningTemplate template, TemplateParameters parameters) {
        TemplateValidator.requireValid(template);
        List<Violation> violations = new ArrayList<>();
        SortedMap<String, String> values = resolve(template, parameters, violations);
        if (!violations.isEmpty()) {
            String count = violations.size() + (violations.size() == 1 ? " parameter has" : " parameters have");
            throw JitpException.invalid(parameters.source() == TemplateParameters.Source.MAP
                    ? count + " no value"
                    : parameters.source().label() + " cannot be provisioned with this template: " + count + " no value",
                    violations);
        }
        Renderer renderer = new Renderer(new Evaluator(values, template.mappings()), violations);
        Map.Entry<String, CertificateResource> certificate = template.certificates().entrySet().iterator().next();
        ProvisioningPlan.Certificate certificatePlan = renderer.certificate(certificate.getKey(),
                certificate.getValue(), values.get(ProvisioningTemplate.CERTIFICATE_ID_PARAMETER));
        ProvisioningPlan.Thing thingPlan = template.things().entrySet().stream()
                .findFirst()
                .map(thing -> renderer.thing(thing.getKey(), thing.getValue()))
                .orElse(null);
        List<ProvisioningPlan.Policy> policyPlans = new ArrayList<>();
        template.policies().forEach((id, policy) -> policyPlans.add(renderer.policy(id, policy)));
        if (!violations.isEmpty()) {
            throw JitpException.invalid("JITP would fail for " + parameters.source().label() + ": "
                    + violations.size() + (violations.size() == 1 ? " problem" : " problems"), violations);
        }
        return new ProvisioningPlan(values, certificatePlan, thingPlan, policyPlans);
    }

    /** The name of a policy created from a document: the lowercase hex SHA-256 of the document's UTF-8 text. */
    public static String policyNameOf(String policyDocument) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(policyDocument.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static SortedMap<String, String> resolve(ProvisioningTemplate template, TemplateParameters parameters,
            List<Violation> violations) {
        SortedMap<String, String> values = new TreeMap<>();
        template.parameters().forEach((name, declaration) -> {
            boolean fromCertificate = TemplateParameters.JITP_PARAMETERS.contains(name);
            String value = parameters.value(name)
                    .filter(v -> fromCertificate || parameters.source() == TemplateParameters.Source.MAP)
                    .orElse(fromCertificate ? null : declaration.defaultValue());
            if (value != null) {
                values.put(name, value);
            } else if (!(ProvisioningTemplate.CERTIFICATE_ID_PARAMETER.equals(name)
                    && parameters.source() == TemplateParameters.Source.CSR)) {
                violations.add(missing(name, declaration, parameters.source()));
            }
        });
        return values;
    }

    private static Violation missing(String name, TemplateParameter declaration, TemplateParameters.Source source) {
        String pointer = JsonText.pointer("/Parameters", name);
        SubjectField field = SubjectField.ofJitpParameter(name).orElse(null);
        if (field == null) {
            boolean id = ProvisioningTemplate.CERTIFICATE_ID_PARAMETER.equals(name);
            return new Violation(pointer, "no value for " + name + (id ? " (the certificate's AWS IoT id: SHA-256 of"
                    + " its DER encoding)" : ""), id ? "give a value for it, or render the certificate" : "give a value"
                            + " for it");
        }
        String subject = field.shortName() + " (" + field.jitpParameter().substring(
                SubjectField.PARAMETER_PREFIX.length()) + ", OID " + field.oid().getId() + ")";
        String defaultNote = declaration.defaultValue() == null ? ""
                : " (its Default does not stand in for a certificate value)";
        return switch (source) {
            case CERTIFICATE -> new Violation(pointer, "the certificate's subject has no " + subject
                    + ", which the template declares as " + name + defaultNote,
                    "issue the certificate with " + field.shortName() + "=... in its subject, or remove " + name
                            + " from the template");
            case CSR -> new Violation(pointer, "the CSR's subject has no " + subject + ", which the template declares"
                    + " as " + name + defaultNote,
                    "add " + field.shortName() + "=... to the CSR's subject (or have"
                            + " the issuing profile set it), or remove " + name + " from the template");
            case MAP -> new Violation(pointer, "no value for " + name + " (from the certificate's subject field "
                    + subject + ")" + defaultNote, "give a value for it");
        };
    }

    /** Renders resources, recording failures as violations at the property that failed. */
    private static final class Renderer {
        private final Evaluator evaluator;
        private final List<Violation> violations;

        Renderer(Evaluator evaluator, List<Violation> violations) {
            this.evaluator = evaluator;
            this.violations = violations;
        }

        ProvisioningPlan.Certificate certificate(String id, CertificateResource resource, String certificateId) {
            String at = properties(id);
            if (certificateId != null) {
                try {
                    new CertificateId(certificateId);
                } catch (JitpException e) {
                    violations.add(new Violation(JsonText.pointer("/Parameters",
                            ProvisioningTemplate.CERTIFICATE_ID_PARAMETER),
                            "'" + certificateId + "' is not a"
                                    + " certificate id: " + e.getMessage(),
                            e.fix()));
                }
            }
            String status = resource.status() == null ? ACTIVE
                    : string(resource.status(), JsonText.pointer(at, "Status"), null);
            if (status != null && !List.of(ACTIVE, "INACTIVE").contains(status)) {
                violations.add(new Violation(JsonText.pointer(at, "Status"), "Status renders to '" + status
                        + "'; it must be ACTIVE or INACTIVE", "make Status ACTIVE or INACTIVE"));
            }
            return new ProvisioningPlan.Certificate(id, certificateId, status, resource.overrideSettings());
        }

        ProvisioningPlan.Thing thing(String id, ThingResource resource) {
            String at = properties(id);
            String name = string(resource.thingName(), JsonText.pointer(at, "ThingName"), IotName.THING_NAME);
            SortedMap<String, String> attributes = new TreeMap<>();
            resource.attributePayload().forEach((attribute, value) -> {
                String text = string(value, JsonText.pointer(JsonText.pointer(at, "AttributePayload"), attribute),
                        IotName.ATTRIBUTE_VALUE);
                if (text != null) {
                    attributes.put(attribute, text);
                }
            });
            String type = optional(resource.thingTypeName(), JsonText.pointer(at, "ThingTypeName"),
                    IotName.THING_TYPE_NAME);
            List<String> groups = groups(resource.thingGroups(), JsonText.pointer(at, "ThingGroups"));
            String billing = optional(resource.billingGroup(), JsonText.pointer(at, "BillingGroup"),
                    IotName.BILLING_GROUP_NAME);
            return new ProvisioningPlan.Thing(id, name, attributes, type, groups, billing,
                    resource.overrideSettings());
        }

        ProvisioningPlan.Policy policy(String id, PolicyResource resource) {
            String at = properties(id);
            if (resource.policyName() != null) {
                String name = string(resource.policyName(), JsonText.pointer(at, "PolicyName"), IotName.POLICY_NAME);
                return new ProvisioningPlan.Policy(id, name, null, false);
            }
            String documentAt = JsonText.pointer(at, "PolicyDocument");
            String document = string(resource.policyDocument(), documentAt, null);
            if (document != null && !(resource.policyDocument() instanceof Expression.Text)) {
                checkRenderedDocument(document, documentAt);
            }
            return new ProvisioningPlan.Policy(id, document == null ? null : policyNameOf(document), document, true);
        }

        private void checkRenderedDocument(String document, String pointer) {
            JsonNode parsed;
            try {
                parsed = JsonText.mapper().readTree(document);
            } catch (JsonProcessingException e) {
                violations.add(new Violation(pointer, "PolicyDocument renders to text that is not JSON: "
                        + JsonText.describe(e), "build the document so that it is valid JSON for every device"));
                return;
            }
            PolicyDocumentRules.check(parsed, pointer, violations);
        }

        private List<String> groups(Expression expression, String pointer) {
            if (expression == null) {
                return List.of();
            }
            try {
                List<String> groups = evaluator.list(expression);
                for (int i = 0; i < groups.size(); i++) {
                    check(groups.get(i), JsonText.pointer(pointer, i), IotName.THING_GROUP_NAME);
                }
                return groups;
            } catch (Evaluator.Failure failure) {
                violations.add(new Violation(pointer, failure.getMessage(), failure.fix()));
                return List.of();
            }
        }

        private String optional(Expression expression, String pointer, IotName rule) {
            return expression == null ? null : string(expression, pointer, rule);
        }

        private String string(Expression expression, String pointer, IotName rule) {
            try {
                String value = evaluator.string(expression);
                check(value, pointer, rule);
                return value;
            } catch (Evaluator.Failure failure) {
                violations.add(new Violation(pointer, failure.getMessage(), failure.fix()));
                return null;
            }
        }

        private void check(String value, String pointer, IotName rule) {
            if (rule != null && !rule.accepts(value)) {
                violations.add(new Violation(pointer, "renders to '" + value + "', which AWS IoT refuses: "
                        + rule.rule(),
                        "change the certificate's values or the template so that every device gets"
                                + " a valid " + rule.label()));
            }
        }

        private static String properties(String id) {
            return JsonText.pointer(JsonText.pointer("/Resources", id), "Properties");
        }
    }
}
