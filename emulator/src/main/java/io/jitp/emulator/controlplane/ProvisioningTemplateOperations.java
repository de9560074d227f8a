package io.jitp.emulator.controlplane;

import java.util.List;
import java.util.function.Supplier;

import io.jitp.emulator.state.IotAccount;
import io.jitp.emulator.state.IotServiceException;
import io.jitp.emulator.state.IotState;
import io.jitp.emulator.state.ProvisioningHook;
import io.jitp.emulator.state.ProvisioningTemplateEntry;
import io.jitp.emulator.state.TemplateType;
import io.jitp.emulator.state.TemplateVersion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Provisioning templates and their versions (reference section 2.6), and DescribeEndpoint (2.7). */
final class ProvisioningTemplateOperations {

    private final IotState state;
    private final IotAccount account;
    private final Supplier<String> credentialsEndpoint;

    /**
     * @param state the state
     * @param credentialsEndpoint the credentials endpoint's {@code host:port}, answered for
     *     {@code iot:CredentialProvider}
     */
    ProvisioningTemplateOperations(IotState state, Supplier<String> credentialsEndpoint) {
        this.state = state;
        this.account = state.account();
        this.credentialsEndpoint = credentialsEndpoint;
    }

    List<Route> routes() {
        return List.of(
                Route.of("POST", "/provisioning-templates", "CreateProvisioningTemplate", true, this::create),
                Route.of("GET", "/provisioning-templates/{templateName}", "DescribeProvisioningTemplate", false,
                        this::describe),
                Route.of("GET", "/provisioning-templates", "ListProvisioningTemplates", false, this::list),
                Route.of("PATCH", "/provisioning-templates/{templateName}", "UpdateProvisioningTemplate", true,
                        this::update),
                Route.of("DELETE", "/provisioning-templates/{templateName}", "DeleteProvisioningTemplate", true,
                        this::delete),
                Route.of("POST", "/provisioning-templates/{templateName}/versions",
                        "CreateProvisioningTemplateVersion", true, this::createVersion),
                Route.of("GET", "/provisioning-templates/{templateName}/versions/{versionId}",
                        "DescribeProvisioningTemplateVersion", false, this::describeVersion),
                Route.of("GET", "/provisioning-templates/{templateName}/versions",
                        "ListProvisioningTemplateVersions", false, this::listVersions),
                Route.of("DELETE", "/provisioning-templates/{templateName}/versions/{versionId}",
                        "DeleteProvisioningTemplateVersion", true, this::deleteVersion),
                Route.of("GET", "/endpoint", "DescribeEndpoint", false, this::describeEndpoint));
    }

    private static ProvisioningHook hook(JsonNode node) {
        if (node == null) {
            return null;
        }
        return new ProvisioningHook(ApiRequest.string(node, "payloadVersion", "preProvisioningHook.payloadVersion"),
                ApiRequest.string(node, "targetArn", "preProvisioningHook.targetArn"));
    }

    private JsonNode create(ApiRequest request) {
        TemplateType type = CertificateOperations.enumValue(TemplateType.class, request.string("type"), "type");
        ProvisioningTemplateEntry template = state.createTemplate(request.requiredString("templateName"),
                request.string("description"), request.requiredString("templateBody"), request.bool("enabled"),
                request.requiredString("provisioningRoleArn"), hook(request.object("preProvisioningHook")),
                request.tags(), type);
        return Json.object()
                .put("templateArn", account.provisioningTemplateArn(template.name()))
                .put("templateName", template.name())
                .put("defaultVersionId", template.defaultVersionId());
    }

    private JsonNode describe(ApiRequest request) {
        ProvisioningTemplateEntry template = state.template(request.label("templateName"));
        ObjectNode response = Json.object()
                .put("templateArn", account.provisioningTemplateArn(template.name()))
                .put("templateName", template.name());
        Json.put(response, "description", template.description())
                .put("creationDate", Json.timestamp(template.createdMillis()))
                .put("lastModifiedDate", Json.timestamp(template.modifiedMillis()))
                .put("defaultVersionId", template.defaultVersionId())
                .put("templateBody", template.defaultBody())
                .put("enabled", template.enabled())
                .put("provisioningRoleArn", template.provisioningRoleArn());
        if (template.preProvisioningHook() != null) {
            Json.put(response.putObject("preProvisioningHook"), "payloadVersion",
                    template.preProvisioningHook().payloadVersion())
                    .put("targetArn", template.preProvisioningHook().targetArn());
        }
        return response.put("type", template.type().name());
    }

    private JsonNode list(ApiRequest request) {
        Page<ProvisioningTemplateEntry> page = Page.of(state.templates(), ProvisioningTemplateEntry::name,
                request.query("nextToken"), request.queryInt("maxResults", 1, 250), false, "nextToken");
        ObjectNode response = Json.object();
        ArrayNode templates = response.putArray("templates");
        for (ProvisioningTemplateEntry template : page.items()) {
            ObjectNode item = templates.addObject()
                    .put("templateArn", account.provisioningTemplateArn(template.name()))
                    .put("templateName", template.name());
            Json.put(item, "description", template.description())
                    .put("creationDate", Json.timestamp(template.createdMillis()))
                    .put("lastModifiedDate", Json.timestamp(template.modifiedMillis()))
                    .put("enabled", template.enabled())
                    .put("type", template.type().name());
        }
        return Json.put(response, "nextToken", page.next());
    }

    private JsonNode update(ApiRequest request) {
        state.updateTemplate(request.label("templateName"), request.string("description"), request.bool("enabled"),
                request.integer("defaultVersionId"), request.string("provisioningRoleArn"),
                hook(request.object("preProvisioningHook")),
                Boolean.TRUE.equals(request.bool("removePreProvisioningHook")));
        return Json.object();
    }

    private JsonNode delete(ApiRequest request) {
        state.deleteTemplate(request.label("templateName"));
        return Json.object();
    }

    private JsonNode createVersion(ApiRequest request) {
        String name = request.label("templateName");
        boolean setAsDefault = Boolean.TRUE.equals(request.queryBoolean("setAsDefault"));
        TemplateVersion version = state.createTemplateVersion(name, request.requiredString("templateBody"),
                setAsDefault);
        return Json.object()
                .put("templateArn", account.provisioningTemplateArn(name))
                .put("templateName", name)
                .put("versionId", version.versionId())
                .put("isDefaultVersion", setAsDefault);
    }

    private static int versionId(ApiRequest request) {
        try {
            return Integer.parseInt(request.label("versionId"));
        } catch (NumberFormatException e) {
            throw IotServiceException.invalid("versionId must be an integer");
        }
    }

    private JsonNode describeVersion(ApiRequest request) {
        String name = request.label("templateName");
        TemplateVersion version = state.templateVersion(name, versionId(request));
        return Json.object()
                .put("versionId", version.versionId())
                .put("creationDate", Json.timestamp(version.createdMillis()))
                .put("templateBody", version.templateBody())
                .put("isDefaultVersion", state.template(name).defaultVersionId() == version.versionId());
    }

    private JsonNode listVersions(ApiRequest request) {
        ProvisioningTemplateEntry template = state.template(request.label("templateName"));
        Page<TemplateVersion> page = Page.of(template.versions(), v -> String.format("%010d", v.versionId()),
                request.query("nextToken"), request.queryInt("maxResults", 1, 250), false, "nextToken");
        ObjectNode response = Json.object();
        ArrayNode versions = response.putArray("versions");
        for (TemplateVersion version : page.items()) {
            versions.addObject()
                    .put("versionId", version.versionId())
                    .put("creationDate", Json.timestamp(version.createdMillis()))
                    .put("isDefaultVersion", version.versionId() == template.defaultVersionId());
        }
        return Json.put(response, "nextToken", page.next());
    }

    private JsonNode deleteVersion(ApiRequest request) {
        state.deleteTemplateVersion(request.label("templateName"), versionId(request));
        return Json.object();
    }

    private JsonNode describeEndpoint(ApiRequest request) {
        String type = request.query("endpointType");
        String address = switch (type == null ? "iot:Data" : type) {
            case "iot:Data-ATS" -> prefix("data") + "-ats.iot." + account.region() + ".amazonaws.com";
            case "iot:CredentialProvider" -> credentialsEndpoint.get();
            case "iot:Data", "iot:Jobs" -> throw IotServiceException.invalid("endpointType " + (type == null
                    ? "(none, which means the retired iot:Data)" : type) + " is retired: use iot:Data-ATS or "
                    + "iot:CredentialProvider");
            default -> throw IotServiceException.invalid("endpointType must be iot:Data-ATS or "
                    + "iot:CredentialProvider, not '" + type + "'");
        };
        return Json.object().put("endpointAddress", address);
    }

    /** A stable 14-character endpoint prefix per account, region and endpoint kind, as AWS has. */
    private String prefix(String kind) {
        String digest;
        try {
            digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest((kind + "/" + account.accountId() + "/" + account.region())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; out.length() < 14; i++) {
            char c = digest.charAt(i);
            out.append(Character.isDigit(c) && out.length() == 0 ? 'a' : c);
        }
        return out.toString();
    }
}
