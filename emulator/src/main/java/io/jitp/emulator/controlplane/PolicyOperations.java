package io.jitp.emulator.controlplane;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import io.jitp.emulator.state.IotAccount;
import io.jitp.emulator.state.IotServiceException;
import io.jitp.emulator.state.IotState;
import io.jitp.emulator.state.PolicyEntry;
import io.jitp.emulator.state.RoleAliasEntry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Policies and their targets, and role aliases (reference sections 2.4 and 2.5). */
final class PolicyOperations {

    private final IotState state;
    private final IotAccount account;

    PolicyOperations(IotState state) {
        this.state = state;
        this.account = state.account();
    }

    List<Route> routes() {
        return List.of(
                Route.of("POST", "/policies/{policyName}", "CreatePolicy", true, this::createPolicy),
                Route.of("GET", "/policies/{policyName}", "GetPolicy", false, this::getPolicy),
                Route.of("DELETE", "/policies/{policyName}", "DeletePolicy", true, this::deletePolicy),
                Route.of("GET", "/policies", "ListPolicies", false, this::listPolicies),
                Route.of("PUT", "/target-policies/{policyName}", "AttachPolicy", true, this::attachPolicy),
                Route.of("POST", "/target-policies/{policyName}", "DetachPolicy", true, this::detachPolicy),
                Route.of("POST", "/attached-policies/{target}", "ListAttachedPolicies", false,
                        this::listAttachedPolicies),
                Route.of("POST", "/role-aliases/{roleAlias}", "CreateRoleAlias", true, this::createRoleAlias),
                Route.of("GET", "/role-aliases/{roleAlias}", "DescribeRoleAlias", false, this::describeRoleAlias),
                Route.of("PUT", "/role-aliases/{roleAlias}", "UpdateRoleAlias", true, this::updateRoleAlias),
                Route.of("DELETE", "/role-aliases/{roleAlias}", "DeleteRoleAlias", true, this::deleteRoleAlias),
                Route.of("GET", "/role-aliases", "ListRoleAliases", false, this::listRoleAliases));
    }

    // ---------------------------------------------------------------- policies

    private JsonNode createPolicy(ApiRequest request) {
        String document = request.requiredString("policyDocument");
        if (document.length() > 404_600) {
            throw IotServiceException.invalid("policyDocument must be at most 404600 characters");
        }
        PolicyEntry policy = state.createPolicy(request.label("policyName"), document, request.tags());
        return Json.object()
                .put("policyName", policy.name())
                .put("policyArn", account.policyArn(policy.name()))
                .put("policyDocument", policy.document())
                .put("policyVersionId", policy.versionId());
    }

    private JsonNode getPolicy(ApiRequest request) {
        PolicyEntry policy = state.policy(request.label("policyName"));
        return Json.object()
                .put("policyName", policy.name())
                .put("policyArn", account.policyArn(policy.name()))
                .put("policyDocument", policy.document())
                .put("defaultVersionId", policy.versionId())
                .put("creationDate", Json.timestamp(policy.createdMillis()))
                .put("lastModifiedDate", Json.timestamp(policy.modifiedMillis()))
                .put("generationId", policy.generationId());
    }

    private JsonNode deletePolicy(ApiRequest request) {
        state.deletePolicy(request.label("policyName"));
        return Json.object();
    }

    private JsonNode listPolicies(ApiRequest request) {
        boolean ascending = Boolean.TRUE.equals(request.queryBoolean("isAscendingOrder"));
        List<PolicyEntry> all = new ArrayList<>(state.policies());
        all.sort(Comparator.comparingLong(PolicyEntry::createdMillis).thenComparing(PolicyEntry::name));
        if (!ascending) {
            Collections.reverse(all);
        }
        Page<PolicyEntry> page = Page.of(all, p -> Page.creationKey(p.createdMillis(), p.name()),
                request.query("marker"), request.queryInt("pageSize", 1, 250), !ascending, "marker");
        return policyList(page);
    }

    private JsonNode policyList(Page<PolicyEntry> page) {
        ObjectNode response = Json.object();
        ArrayNode policies = response.putArray("policies");
        for (PolicyEntry policy : page.items()) {
            policies.addObject().put("policyName", policy.name()).put("policyArn", account.policyArn(policy.name()));
        }
        return Json.put(response, "nextMarker", page.next());
    }

    private JsonNode attachPolicy(ApiRequest request) {
        state.attachPolicy(request.label("policyName"), request.requiredString("target"));
        return Json.object();
    }

    private JsonNode detachPolicy(ApiRequest request) {
        state.detachPolicy(request.label("policyName"), request.requiredString("target"));
        return Json.object();
    }

    private JsonNode listAttachedPolicies(ApiRequest request) {
        List<PolicyEntry> attached = state.attachedPolicies(request.label("target"));
        Page<PolicyEntry> page = Page.of(attached.stream().sorted(Comparator.comparing(PolicyEntry::name)).toList(),
                PolicyEntry::name, request.query("marker"), request.queryInt("pageSize", 1, 250), false, "marker");
        return policyList(page);
    }

    // ---------------------------------------------------------------- role aliases

    private JsonNode createRoleAlias(ApiRequest request) {
        RoleAliasEntry alias = state.createRoleAlias(request.label("roleAlias"), request.requiredString("roleArn"),
                request.integer("credentialDurationSeconds"), request.tags());
        return Json.object()
                .put("roleAlias", alias.alias())
                .put("roleAliasArn", account.roleAliasArn(alias.alias()));
    }

    private JsonNode describeRoleAlias(ApiRequest request) {
        RoleAliasEntry alias = state.roleAlias(request.label("roleAlias"));
        ObjectNode response = Json.object();
        response.putObject("roleAliasDescription")
                .put("roleAlias", alias.alias())
                .put("roleAliasArn", account.roleAliasArn(alias.alias()))
                .put("roleArn", alias.roleArn())
                .put("owner", account.accountId())
                .put("credentialDurationSeconds", alias.credentialDurationSeconds())
                .put("creationDate", Json.timestamp(alias.createdMillis()))
                .put("lastModifiedDate", Json.timestamp(alias.modifiedMillis()));
        return response;
    }

    private JsonNode updateRoleAlias(ApiRequest request) {
        RoleAliasEntry alias = state.updateRoleAlias(request.label("roleAlias"), request.string("roleArn"),
                request.integer("credentialDurationSeconds"));
        return Json.object()
                .put("roleAlias", alias.alias())
                .put("roleAliasArn", account.roleAliasArn(alias.alias()));
    }

    private JsonNode deleteRoleAlias(ApiRequest request) {
        state.deleteRoleAlias(request.label("roleAlias"));
        return Json.object();
    }

    private JsonNode listRoleAliases(ApiRequest request) {
        boolean ascending = Boolean.TRUE.equals(request.queryBoolean("isAscendingOrder"));
        List<String> names = new ArrayList<>(state.roleAliases().stream().map(RoleAliasEntry::alias).toList());
        if (!ascending) {
            Collections.reverse(names);
        }
        Page<String> page = Page.of(names, name -> name, request.query("marker"),
                request.queryInt("pageSize", 1, 250), !ascending, "marker");
        ObjectNode response = Json.object();
        response.set("roleAliases", Json.strings(page.items()));
        return Json.put(response, "nextMarker", page.next());
    }
}
