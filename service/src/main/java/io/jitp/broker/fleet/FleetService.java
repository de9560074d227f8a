package io.jitp.broker.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jitp.broker.ca.CaService;
import io.jitp.broker.iot.IotGateway;
import io.jitp.broker.security.Audit;
import io.jitp.broker.store.FleetRecord;
import io.jitp.broker.store.FleetStore;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.GetPolicyResponse;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.RoleAliasDescription;

/**
 * Sets a fleet up in one idempotent call: the role alias (created, or updated when role or duration differ) and
 * the device policy, an IoT policy allowing {@code iot:Connect} as the thing and
 * {@code iot:AssumeRoleWithCertificate} on that alias. A policy of that name with another document is not
 * overwritten (other devices may use it): the call is refused and says so.
 */
@ApplicationScoped
public class FleetService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_DURATION = 3600;

    private final FleetStore store;
    private final IotGateway gateway;
    private final IotClient iot;
    private final CaService cas;
    private final CaService.TemplateCheck templates;

    public FleetService(FleetStore store, IotGateway gateway, IotClient iot, CaService cas,
            CaService.TemplateCheck templates) {
        this.store = store;
        this.gateway = gateway;
        this.iot = iot;
        this.cas = cas;
        this.templates = templates;
    }

    /** Ensures the fleet's role alias and device policy; repeating the call changes nothing. */
    public FleetView ensure(String name, FleetRequests.Ensure request, String actor) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw JitpException.invalid("name", "a fleet name is 1 to 63 lowercase letters, digits and hyphens",
                    "rename the fleet, e.g. factory-a");
        }
        String alias = request.roleAlias() != null ? request.roleAlias() : name + "-role-alias";
        String policyName = request.policyName() != null ? request.policyName() : name + "-device-policy";
        int duration = request.credentialDurationSeconds() != null ? request.credentialDurationSeconds()
                : DEFAULT_DURATION;
        if (request.caName() != null) {
            cas.resolve(request.caName());
        }
        if (request.templateName() != null && request.caName() != null) {
            templates.requireCompatible(request.templateName(), cas.profile(cas.resolve(request.caName())));
        }
        List<String> changes = new ArrayList<>();
        String aliasArn = ensureRoleAlias(alias, request.roleArn(), duration, changes);
        String document = policyDocument(aliasArn);
        String policyArn = ensurePolicy(policyName, document, changes);
        Optional<FleetRecord> previous = store.find(name);
        boolean custodial = request.custodial() != null ? request.custodial()
                : previous.map(FleetRecord::custodial).orElse(false);
        FleetRecord wanted = new FleetRecord(name, alias, request.roleArn(), duration, policyName, aliasArn, policyArn,
                request.caName(), request.templateName(), custodial, null, null, 0);
        FleetRecord stored = previous.filter(p -> same(p, wanted)).orElseGet(() -> save(wanted, previous));
        String changed = changes.isEmpty() ? "unchanged" : String.join(",", changes);
        if (!changes.isEmpty() || previous.isEmpty()) {
            Audit.record("fleet.ensured", actor, "name", name, "roleAlias", aliasArn, "policy", policyArn,
                    "changes", changed);
        }
        return FleetView.of(stored, changed);
    }

    /** One fleet. */
    public FleetView get(String name) {
        return store.find(name).map(f -> FleetView.of(f, null))
                .orElseThrow(() -> JitpException.notFound("fleet", name));
    }

    /** Every fleet. */
    public List<FleetView> list() {
        return store.list().stream().map(f -> FleetView.of(f, null)).toList();
    }

    /** The device policy: connect as the provisioned thing, and exchange the certificate on this alias only. */
    static String policyDocument(String roleAliasArn) {
        String[] arn = roleAliasArn.split(":", 6);
        String clientArn = String.join(":", arn[0], arn[1], arn[2], arn[3], arn[4], "client/")
                + "${iot:Connection.Thing.ThingName}";
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        statements.addObject().put("Effect", "Allow").put("Action", "iot:Connect").put("Resource", clientArn);
        statements.addObject().put("Effect", "Allow").put("Action", "iot:AssumeRoleWithCertificate")
                .put("Resource", roleAliasArn);
        return policy.toString();
    }

    private String ensureRoleAlias(String alias, String roleArn, int duration, List<String> changes) {
        Optional<RoleAliasDescription> existing = describeAlias(alias);
        if (existing.isEmpty()) {
            try {
                String arn = gateway.invoke("CreateRoleAlias", () -> iot.createRoleAlias(b -> b.roleAlias(alias)
                        .roleArn(roleArn).credentialDurationSeconds(duration)).roleAliasArn());
                changes.add("role-alias-created");
                return arn;
            } catch (ResourceAlreadyExistsException e) {
                existing = describeAlias(alias);
            } catch (RuntimeException e) {
                throw IotGateway.translate("CreateRoleAlias", e);
            }
        }
        RoleAliasDescription found = existing.orElseThrow(() -> new JitpException(Reason.UPSTREAM,
                "role alias '" + alias + "' vanished while being ensured", null, "repeat the request", null, null));
        if (!roleArn.equals(found.roleArn()) || !Objects.equals(duration, found.credentialDurationSeconds())) {
            gateway.call("UpdateRoleAlias", () -> iot.updateRoleAlias(b -> b.roleAlias(alias).roleArn(roleArn)
                    .credentialDurationSeconds(duration)));
            changes.add("role-alias-updated");
        }
        return found.roleAliasArn();
    }

    private Optional<RoleAliasDescription> describeAlias(String alias) {
        try {
            return Optional.of(gateway.invoke("DescribeRoleAlias",
                    () -> iot.describeRoleAlias(b -> b.roleAlias(alias)).roleAliasDescription()));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw IotGateway.translate("DescribeRoleAlias", e);
        }
    }

    private String ensurePolicy(String policyName, String document, List<String> changes) {
        Optional<GetPolicyResponse> existing = getPolicy(policyName);
        if (existing.isEmpty()) {
            try {
                String arn = gateway.invoke("CreatePolicy", () -> iot.createPolicy(b -> b.policyName(policyName)
                        .policyDocument(document)).policyArn());
                changes.add("policy-created");
                return arn;
            } catch (ResourceAlreadyExistsException e) {
                existing = getPolicy(policyName);
            } catch (RuntimeException e) {
                throw IotGateway.translate("CreatePolicy", e);
            }
        }
        GetPolicyResponse found = existing.orElseThrow();
        if (!sameJson(found.policyDocument(), document)) {
            throw JitpException.conflict("IoT policy '" + policyName + "' exists with another document",
                    "choose another policyName for this fleet, or align that policy with: " + document);
        }
        return found.policyArn();
    }

    private Optional<GetPolicyResponse> getPolicy(String policyName) {
        try {
            return Optional.of(gateway.invoke("GetPolicy", () -> iot.getPolicy(b -> b.policyName(policyName))));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw IotGateway.translate("GetPolicy", e);
        }
    }

    private FleetRecord save(FleetRecord wanted, Optional<FleetRecord> previous) {
        try {
            return store.save(wanted, previous.orElse(null));
        } catch (JitpException e) {
            // Another replica ensured the same fleet at the same time: what it stored is what was asked for.
            Optional<FleetRecord> now = store.find(wanted.name());
            if (e.reason() == Reason.CONFLICT && now.isPresent() && same(now.get(), wanted)) {
                return now.get();
            }
            throw e;
        }
    }

    private static boolean same(FleetRecord a, FleetRecord b) {
        return a.roleAlias().equals(b.roleAlias()) && a.roleArn().equals(b.roleArn())
                && a.credentialDurationSeconds() == b.credentialDurationSeconds()
                && a.policyName().equals(b.policyName()) && Objects.equals(a.roleAliasArn(), b.roleAliasArn())
                && Objects.equals(a.policyArn(), b.policyArn()) && Objects.equals(a.caName(), b.caName())
                && Objects.equals(a.templateName(), b.templateName()) && a.custodial() == b.custodial();
    }

    private static boolean sameJson(String a, String b) {
        try {
            JsonNode left = JSON.readTree(a);
            JsonNode right = JSON.readTree(b);
            return left.equals(right);
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
