package io.jitp.broker.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.jitp.broker.ca.CaService;
import io.jitp.broker.ca.IssuanceProfile;
import io.jitp.broker.config.BrokerConfig;
import io.jitp.broker.iot.IotGateway;
import io.jitp.broker.security.Audit;
import io.jitp.broker.store.CaRecord;
import io.jitp.broker.store.CaStore;
import io.jitp.broker.store.RegistrationRecord;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.template.IssuanceCrossCheck;
import io.jitp.template.ProvisioningPlan;
import io.jitp.template.ProvisioningTemplate;
import io.jitp.template.RegistrationConfig;
import io.jitp.template.TemplateCodec;
import io.jitp.template.TemplateEngine;
import io.jitp.template.TemplateParameters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.DescribeProvisioningTemplateResponse;
import software.amazon.awssdk.services.iot.model.ProvisioningTemplateSummary;
import software.amazon.awssdk.services.iot.model.ProvisioningTemplateVersionSummary;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.TemplateType;

/**
 * JITP provisioning templates, kept in AWS IoT (the system of record): validated by the template engine,
 * cross-checked with the issuance profiles of the CAs they are attached to, created with type JITP, and given a
 * new version when the body changes. A put is idempotent: the same template twice changes nothing.
 */
@ApplicationScoped
public class TemplateService implements CaService.TemplateCheck {

    /** The most versions AWS IoT keeps per provisioning template. */
    static final int MAX_VERSIONS = 5;

    private static final Logger LOG = Logger.getLogger(TemplateService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IotGateway gateway;
    private final IotClient iot;
    private final CaStore cas;
    private final String defaultRoleArn;

    public TemplateService(IotGateway gateway, IotClient iot, CaStore cas, BrokerConfig config) {
        this.gateway = gateway;
        this.iot = iot;
        this.cas = cas;
        this.defaultRoleArn = config.iot().defaultProvisioningRoleArn().filter(arn -> !arn.isBlank()).orElse(null);
    }

    /** Creates or updates a template; returns it with what was done. */
    public TemplateView put(String name, TemplateRequests.Put given, String actor) {
        requireName(name);
        TemplateRequests.Put request = withRoleArn(given);
        if (!request.body().isObject()) {
            throw JitpException.invalid("body", "the template must be a JSON object",
                    "send the template itself ({\"Parameters\":…,\"Resources\":…}), not an escaped string");
        }
        RegistrationConfig.requireRoleArn(request.provisioningRoleArn(), "provisioningRoleArn");
        ProvisioningTemplate template = parse(request.body());
        String body = TemplateCodec.toBody(template);
        for (CaRecord ca : attachedCas(name)) {
            IssuanceCrossCheck.requireCompatible(template, profileOf(ca).toPolicy().guaranteedSubjectFields());
        }
        boolean enabled = request.enabled() == null || request.enabled();
        Optional<DescribeProvisioningTemplateResponse> existing = describe(name);
        String changed;
        if (existing.isEmpty()) {
            gateway.call("CreateProvisioningTemplate", () -> iot.createProvisioningTemplate(b -> b
                    .templateName(name)
                    .templateBody(body)
                    .provisioningRoleArn(request.provisioningRoleArn())
                    .description(request.description())
                    .enabled(enabled)
                    .type(TemplateType.JITP)));
            changed = "created";
        } else {
            DescribeProvisioningTemplateResponse current = existing.get();
            requireJitp(current);
            boolean bodyChanged = !body.equals(canonical(current.templateBody()));
            boolean settings = !Objects.equals(request.provisioningRoleArn(), current.provisioningRoleArn())
                    || !Objects.equals(enabled, current.enabled())
                    || (request.description() != null && !request.description().equals(current.description()));
            changed = bodyChanged ? "new-version" : settings ? "updated" : "unchanged";
            if (bodyChanged || settings) {
                update(name, request, enabled, bodyChanged ? body : null, current.defaultVersionId(), actor);
            }
        }
        if (!"unchanged".equals(changed)) {
            Audit.record("template." + changed, actor, "name", name);
        }
        TemplateView view = get(name);
        return new TemplateView(view.name(), view.arn(), view.description(), view.provisioningRoleArn(),
                view.enabled(), view.defaultVersionId(), view.body(), view.attachedTo(), changed, view.createdAt(),
                view.updatedAt());
    }

    /**
     * Changes a template in one visible step. A new body first becomes a version that is not the default (pruning
     * the oldest non-default version when the template has {@value #MAX_VERSIONS}, AWS's limit); then one
     * UpdateProvisioningTemplate makes it the default together with the new settings. When that call fails, the
     * unused version is deleted again, so a failed put leaves the template as it was and a repeated put redoes it.
     */
    private void update(String name, TemplateRequests.Put request, boolean enabled, String newBody,
            Integer currentDefault, String actor) {
        Integer version = null;
        if (newBody != null) {
            pruneVersions(name, currentDefault, actor);
            version = gateway.call("CreateProvisioningTemplateVersion", () -> iot.createProvisioningTemplateVersion(
                    b -> b.templateName(name).templateBody(newBody).setAsDefault(false))).versionId();
        }
        Integer defaultVersion = version;
        try {
            gateway.call("UpdateProvisioningTemplate", () -> iot.updateProvisioningTemplate(b -> b
                    .templateName(name)
                    .provisioningRoleArn(request.provisioningRoleArn())
                    .enabled(enabled)
                    .description(request.description())
                    .defaultVersionId(defaultVersion)));
        } catch (JitpException e) {
            if (defaultVersion != null) {
                discardVersion(name, defaultVersion);
            }
            throw e;
        }
    }

    /** Deletes the oldest versions that are not the default until a new one fits under AWS's limit. */
    private void pruneVersions(String name, Integer currentDefault, String actor) {
        List<Integer> versions = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = gateway.call("ListProvisioningTemplateVersions", () -> iot.listProvisioningTemplateVersions(
                    b -> b.templateName(name).nextToken(next).maxResults(250)));
            for (ProvisioningTemplateVersionSummary summary : page.versions()) {
                if (!Boolean.TRUE.equals(summary.isDefaultVersion())
                        && !Objects.equals(summary.versionId(), currentDefault)) {
                    versions.add(summary.versionId());
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        versions.sort(null);
        // The default version counts too: keep at most MAX_VERSIONS - 2 others, making room for the new one.
        int excess = versions.size() - (MAX_VERSIONS - 2);
        for (int i = 0; i < excess; i++) {
            Integer oldest = versions.get(i);
            gateway.call("DeleteProvisioningTemplateVersion", () -> iot.deleteProvisioningTemplateVersion(b -> b
                    .templateName(name).versionId(oldest)));
            Audit.record("template.version-pruned", actor, "name", name, "version", String.valueOf(oldest));
        }
    }

    /** Best effort: a version left behind is harmless (not the default) and pruned by a later put. */
    private void discardVersion(String name, int version) {
        try {
            gateway.call("DeleteProvisioningTemplateVersion", () -> iot.deleteProvisioningTemplateVersion(b -> b
                    .templateName(name).versionId(version)));
        } catch (JitpException e) {
            LOG.warnf("could not delete an unused template version; a later put prunes it [name=%s, version=%d, "
                    + "reason=%s]", name, version, e.getMessage());
        }
    }

    /** The request with the configured default provisioning role when it names none. */
    private TemplateRequests.Put withRoleArn(TemplateRequests.Put request) {
        if (request.provisioningRoleArn() != null && !request.provisioningRoleArn().isBlank()) {
            return request;
        }
        if (defaultRoleArn == null) {
            throw JitpException.invalid("provisioningRoleArn", "provisioningRoleArn is required: the IAM role AWS IoT "
                    + "assumes to provision devices",
                    "set provisioningRoleArn, or configure "
                            + "jitp.iot.default-provisioning-role-arn on the broker");
        }
        return new TemplateRequests.Put(request.body(), defaultRoleArn, request.description(), request.enabled());
    }

    /** One template with its body. */
    public TemplateView get(String name) {
        requireName(name);
        DescribeProvisioningTemplateResponse found = describe(name)
                .orElseThrow(() -> JitpException.notFound("template", name));
        requireJitp(found);
        return new TemplateView(found.templateName(), found.templateArn(), found.description(),
                found.provisioningRoleArn(), found.enabled(), found.defaultVersionId(), readable(found.templateBody()),
                attachedCas(name).stream().map(CaRecord::id).toList(), null, found.creationDate(),
                found.lastModifiedDate());
    }

    /** Every JITP template of the account (without bodies). */
    public List<TemplateView> list() {
        List<TemplateView> views = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = gateway.call("ListProvisioningTemplates",
                    () -> iot.listProvisioningTemplates(b -> b.nextToken(next).maxResults(250)));
            for (ProvisioningTemplateSummary summary : page.templates()) {
                if (summary.type() == TemplateType.JITP) {
                    views.add(new TemplateView(summary.templateName(), summary.templateArn(), summary.description(),
                            null, summary.enabled(), null, null, null, null, summary.creationDate(),
                            summary.lastModifiedDate()));
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return views;
    }

    /** Deletes a template that no registered CA of the broker uses. */
    public void delete(String name, String actor) {
        requireName(name);
        List<CaRecord> attached = attachedCas(name);
        if (!attached.isEmpty()) {
            throw JitpException.conflict("template '" + name + "' is attached to CA " + attached.get(0).id(),
                    "attach another template to the CA (PATCH /v1/cas/{ca}/registration) or retire it first");
        }
        requireJitp(describe(name).orElseThrow(() -> JitpException.notFound("template", name)));
        try {
            gateway.invoke("DeleteProvisioningTemplate", () -> iot.deleteProvisioningTemplate(b -> b
                    .templateName(name)));
        } catch (ResourceNotFoundException e) {
            throw JitpException.notFound("template", name);
        } catch (RuntimeException e) {
            throw IotGateway.translate("DeleteProvisioningTemplate", e);
        }
        Audit.record("template.deleted", actor, "name", name);
    }

    /** What JITP would create for a certificate or parameters. */
    public ProvisioningPlan render(String name, TemplateRequests.Render request) {
        ProvisioningTemplate template = request.body() != null ? parse(request.body())
                : parseStored(get(name).body());
        TemplateParameters parameters;
        if (request.certificatePem() != null) {
            parameters = TemplateParameters.fromCertificatePem(request.certificatePem());
        } else if (request.parameters() != null) {
            parameters = TemplateParameters.of(request.parameters());
        } else {
            throw JitpException.invalid("certificatePem", "give a device certificate or parameters to render with",
                    "set certificatePem, or parameters like {\"AWS::IoT::Certificate::CommonName\":\"dev-1\"}");
        }
        return TemplateEngine.render(template, parameters);
    }

    @Override
    public void requireCompatible(String templateName, IssuanceProfile profile) {
        DescribeProvisioningTemplateResponse found = describe(templateName)
                .orElseThrow(() -> JitpException.invalid("templateName", "template '" + templateName
                        + "' does not exist in AWS IoT", "put it first: PUT /v1/templates/" + templateName));
        requireJitp(found);
        IssuanceCrossCheck.requireCompatible(TemplateCodec.parse(found.templateBody()),
                profile.toPolicy().guaranteedSubjectFields());
    }

    private Optional<DescribeProvisioningTemplateResponse> describe(String name) {
        try {
            return Optional.of(gateway.invoke("DescribeProvisioningTemplate",
                    () -> iot.describeProvisioningTemplate(b -> b.templateName(name))));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw IotGateway.translate("DescribeProvisioningTemplate", e);
        }
    }

    private List<CaRecord> attachedCas(String name) {
        List<CaRecord> attached = new ArrayList<>();
        for (RegistrationRecord registration : cas.listRegistrations()) {
            if (name.equals(registration.templateName()) && registration.isRegistered()) {
                cas.find(registration.caId()).filter(ca -> !CaRecord.RETIRED.equals(ca.status()))
                        .ifPresent(attached::add);
            }
        }
        return attached;
    }

    private static IssuanceProfile profileOf(CaRecord ca) {
        return IssuanceProfile.fromJson(ca.profile());
    }

    private static void requireJitp(DescribeProvisioningTemplateResponse template) {
        if (template.type() != TemplateType.JITP) {
            throw JitpException.conflict("template '" + template.templateName() + "' exists in AWS IoT with type "
                    + template.typeAsString(), "choose another name; the broker manages JITP templates only");
        }
    }

    private static void requireName(String name) {
        if (name == null || !name.matches("[0-9A-Za-z_-]{1,36}")) {
            throw JitpException.invalid("name", "a template name is 1 to 36 letters, digits, _ or -",
                    "rename the template, e.g. factory-jitp");
        }
    }

    private static ProvisioningTemplate parse(JsonNode body) {
        try {
            return TemplateCodec.parse(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw JitpException.invalid("body", "the template is not valid JSON", "send a JSON object", e);
        }
    }

    private static ProvisioningTemplate parseStored(JsonNode body) {
        return parse(body);
    }

    private static String canonical(String templateBody) {
        try {
            return TemplateCodec.toBody(TemplateCodec.parse(templateBody));
        } catch (JitpException e) {
            return templateBody;
        }
    }

    private static JsonNode readable(String templateBody) {
        try {
            return JSON.readTree(TemplateCodec.toReadableJson(TemplateCodec.parse(templateBody)));
        } catch (JsonProcessingException | JitpException e) {
            throw new JitpException(Reason.UPSTREAM, "the template body stored in AWS IoT cannot be read", null,
                    "put the template again", null, e);
        }
    }
}
