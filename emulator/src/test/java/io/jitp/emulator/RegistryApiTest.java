package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CreatePolicyResponse;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.DescribeProvisioningTemplateResponse;
import software.amazon.awssdk.services.iot.model.DescribeRoleAliasResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.GetPolicyResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.LimitExceededException;
import software.amazon.awssdk.services.iot.model.MalformedPolicyException;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.ProvisioningTemplateVersionSummary;
import software.amazon.awssdk.services.iot.model.RegistrationConfig;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.TemplateType;
import software.amazon.awssdk.services.iot.model.ThingAttribute;
import software.amazon.awssdk.services.iot.model.ThingPrincipalType;
import software.amazon.awssdk.services.iot.model.VersionConflictException;
import software.amazon.awssdk.services.iot.model.VersionsLimitExceededException;

/** Things, principals, policies, role aliases, provisioning templates and endpoints through the AWS SDK. */
class RegistryApiTest extends EmulatorTestBase {

    private static final String ALLOW_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:*\",\"Resource\":\"*\"}]}";
    private static final String ROLE = "arn:aws:iam::123456789012:role/DeviceRole";

    private static String certificateArn() {
        TestPki.Issued device = TestPki.leaf(unique("dev"), TestPki.ca("CN=" + unique("private")));
        String id = iot.registerCertificateWithoutCA(r -> r.certificatePem(device.certificatePem())
                .status(CertificateStatus.ACTIVE)).certificateId();
        return "arn:aws:iot:us-east-1:123456789012:cert/" + id;
    }

    @Test
    void createThing_describeAndIdempotence() {
        String name = unique("thing");

        var created = iot.createThing(r -> r.thingName(name).attributePayload(p -> p.attributes(Map.of("a", "1"))));
        var again = iot.createThing(r -> r.thingName(name).attributePayload(p -> p.attributes(Map.of("a", "1"))));
        DescribeThingResponse described = iot.describeThing(r -> r.thingName(name));

        assertThat(created.thingArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:thing/" + name);
        assertThat(created.thingId()).matches("[0-9a-f-]{36}");
        assertThat(again.thingId()).isEqualTo(created.thingId());
        assertThat(described.defaultClientId()).isEqualTo(name);
        assertThat(described.attributes()).containsExactly(Map.entry("a", "1"));
        assertThat(described.version()).isEqualTo(1L);
        ResourceAlreadyExistsException error = assertAwsError(() -> iot.createThing(r -> r.thingName(name)
                .attributePayload(p -> p.attributes(Map.of("a", "2")))), ResourceAlreadyExistsException.class, 409,
                "ResourceAlreadyExistsException");
        assertThat(error.resourceId()).isEqualTo(created.thingId());
    }

    @Test
    void createThing_refusals() {
        assertAwsError(() -> iot.createThing(r -> r.thingName("bad name!")), InvalidRequestException.class, 400,
                "InvalidRequestException");
        assertAwsError(() -> iot.createThing(r -> r.thingName(unique("t")).thingTypeName("NoSuchType")),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException");
        assertAwsError(() -> iot.createThing(r -> r.thingName(unique("t"))
                .attributePayload(p -> p.attributes(Map.of("a", "1", "b", "2", "c", "3", "d", "4")))),
                InvalidRequestException.class, 400, "InvalidRequestException");
        assertAwsError(() -> iot.describeThing(r -> r.thingName("missing-thing")), ResourceNotFoundException.class,
                404, "ResourceNotFoundException");
    }

    @Test
    void listThings_filtersAndPaginates() {
        String marker = unique("color");
        for (int i = 0; i < 5; i++) {
            String name = marker + "-" + i;
            iot.createThing(r -> r.thingName(name).attributePayload(p -> p.attributes(Map.of("color", marker))));
        }

        List<ThingAttribute> all = iot.listThingsPaginator(r -> r.maxResults(2).attributeName("color")
                .attributeValue(marker)).things().stream().toList();
        List<ThingAttribute> prefix = iot.listThings(r -> r.attributeName("color")
                .attributeValue(marker.substring(0, 8)).usePrefixAttributeValue(true)).things();

        assertThat(all).extracting(ThingAttribute::thingName)
                .containsExactly(marker + "-0", marker + "-1", marker + "-2", marker + "-3", marker + "-4");
        assertThat(prefix).extracting(ThingAttribute::thingName).contains(marker + "-0");
    }

    @Test
    void deleteThing_rules() {
        String name = unique("thing");
        String principal = certificateArn();
        iot.createThing(r -> r.thingName(name));
        iot.attachThingPrincipal(r -> r.thingName(name).principal(principal));

        assertAwsError(() -> iot.deleteThing(r -> r.thingName(name)), InvalidRequestException.class, 400,
                "InvalidRequestException");
        iot.detachThingPrincipal(r -> r.thingName(name).principal(principal));
        assertAwsError(() -> iot.deleteThing(r -> r.thingName(name).expectedVersion(7L)),
                VersionConflictException.class, 409, "VersionConflictException");
        iot.deleteThing(r -> r.thingName(name).expectedVersion(1L));
        iot.deleteThing(r -> r.thingName(name));

        assertAwsError(() -> iot.describeThing(r -> r.thingName(name)), ResourceNotFoundException.class, 404,
                "ResourceNotFoundException");
    }

    @Test
    void thingPrincipals_attachListAndExclusivity() {
        String first = unique("thing");
        String second = unique("thing");
        String principal = certificateArn();
        iot.createThing(r -> r.thingName(first));
        iot.createThing(r -> r.thingName(second));

        iot.attachThingPrincipal(r -> r.thingName(first).principal(principal)
                .thingPrincipalType(ThingPrincipalType.EXCLUSIVE_THING));

        assertThat(iot.listThingPrincipals(r -> r.thingName(first)).principals()).containsExactly(principal);
        assertThat(iot.listPrincipalThings(r -> r.principal(principal)).things()).containsExactly(first);
        assertAwsError(() -> iot.attachThingPrincipal(r -> r.thingName(second).principal(principal)),
                InvalidRequestException.class, 400, "InvalidRequestException");
        assertAwsError(() -> iot.attachThingPrincipal(r -> r.thingName("missing").principal(principal)),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException");
        assertAwsError(() -> iot.attachThingPrincipal(r -> r.thingName(first)
                .principal("arn:aws:iot:us-east-1:123456789012:cert/" + "f".repeat(64))),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException");
        assertAwsError(() -> iot.listThingPrincipals(r -> r.thingName("missing")), ResourceNotFoundException.class,
                404, "ResourceNotFoundException");
    }

    @Test
    void policies_createGetAttachListDetachDelete() {
        String name = unique("policy");
        String target = certificateArn();

        CreatePolicyResponse created = iot.createPolicy(r -> r.policyName(name).policyDocument(ALLOW_ALL));
        GetPolicyResponse got = iot.getPolicy(r -> r.policyName(name));
        iot.attachPolicy(r -> r.policyName(name).target(target));
        List<Policy> attached = iot.listAttachedPolicies(r -> r.target(target)).policies();

        assertThat(created.policyArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:policy/" + name);
        assertThat(created.policyVersionId()).isEqualTo("1");
        assertThat(got.policyDocument()).isEqualTo(ALLOW_ALL);
        assertThat(got.defaultVersionId()).isEqualTo("1");
        assertThat(got.creationDate()).isNotNull();
        assertThat(attached).extracting(Policy::policyName).containsExactly(name);
        assertThat(iot.listPoliciesPaginator(r -> r.pageSize(1)).policies()).extracting(Policy::policyName)
                .contains(name);
        assertAwsError(() -> iot.deletePolicy(r -> r.policyName(name)), DeleteConflictException.class, 409,
                "DeleteConflictException");
        iot.detachPolicy(r -> r.policyName(name).target(target));
        assertThat(iot.listAttachedPolicies(r -> r.target(target)).policies()).isEmpty();
        iot.deletePolicy(r -> r.policyName(name));
        assertAwsError(() -> iot.getPolicy(r -> r.policyName(name)), ResourceNotFoundException.class, 404,
                "ResourceNotFoundException");
    }

    @Test
    void policies_refusals() {
        String name = unique("policy");
        String target = certificateArn();
        iot.createPolicy(r -> r.policyName(name).policyDocument(ALLOW_ALL));

        assertAwsError(() -> iot.createPolicy(r -> r.policyName(name).policyDocument(ALLOW_ALL)),
                ResourceAlreadyExistsException.class, 409, "ResourceAlreadyExistsException");
        assertAwsError(() -> iot.createPolicy(r -> r.policyName(unique("p")).policyDocument("{not json")),
                MalformedPolicyException.class, 400, "MalformedPolicyException");
        assertAwsError(() -> iot.createPolicy(r -> r.policyName(unique("p"))
                .policyDocument("{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"*\",\"Resource\":\"*\"}]}")),
                MalformedPolicyException.class, 400, "MalformedPolicyException");
        assertAwsError(() -> iot.attachPolicy(r -> r.policyName("missing").target(target)),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException");
        for (int i = 0; i < 10; i++) {
            String extra = unique("p");
            iot.createPolicy(r -> r.policyName(extra).policyDocument(ALLOW_ALL));
            iot.attachPolicy(r -> r.policyName(extra).target(target));
        }
        assertAwsError(() -> iot.attachPolicy(r -> r.policyName(name).target(target)), LimitExceededException.class,
                410, "LimitExceededException");
    }

    @Test
    void listAttachedPolicies_takesTheArnAsAnEncodedPathLabel() {
        String target = certificateArn();
        String name = unique("policy");
        iot.createPolicy(r -> r.policyName(name).policyDocument(ALLOW_ALL));
        iot.attachPolicy(r -> r.policyName(name).target(target));

        List<Policy> policies = iot.listAttachedPolicies(r -> r.target(target).recursive(false)).policies();

        assertThat(policies).extracting(Policy::policyArn)
                .containsExactly("arn:aws:iot:us-east-1:123456789012:policy/" + name);
    }

    @Test
    void roleAliases_lifecycle() {
        String alias = unique("alias");

        var created = iot.createRoleAlias(r -> r.roleAlias(alias).roleArn(ROLE).credentialDurationSeconds(900));
        iot.updateRoleAlias(r -> r.roleAlias(alias).credentialDurationSeconds(7200));
        DescribeRoleAliasResponse described = iot.describeRoleAlias(r -> r.roleAlias(alias));

        assertThat(created.roleAliasArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:rolealias/" + alias);
        assertThat(described.roleAliasDescription().roleArn()).isEqualTo(ROLE);
        assertThat(described.roleAliasDescription().credentialDurationSeconds()).isEqualTo(7200);
        assertThat(described.roleAliasDescription().owner()).isEqualTo("123456789012");
        assertThat(iot.listRoleAliasesPaginator(r -> r.pageSize(1)).roleAliases()).contains(alias);
        assertAwsError(() -> iot.createRoleAlias(r -> r.roleAlias(alias).roleArn(ROLE)),
                ResourceAlreadyExistsException.class, 409, "ResourceAlreadyExistsException");
        assertAwsError(() -> iot.createRoleAlias(r -> r.roleAlias(unique("a")).roleArn(ROLE)
                .credentialDurationSeconds(60)), InvalidRequestException.class, 400, "InvalidRequestException");
        assertAwsError(() -> iot.createRoleAlias(r -> r.roleAlias(unique("a")).roleArn("not-an-arn-at-all-x")),
                InvalidRequestException.class, 400, "InvalidRequestException");
        iot.deleteRoleAlias(r -> r.roleAlias(alias));
        assertAwsError(() -> iot.describeRoleAlias(r -> r.roleAlias(alias)), ResourceNotFoundException.class, 404,
                "ResourceNotFoundException");
        assertAwsError(() -> iot.updateRoleAlias(r -> r.roleAlias(alias).roleArn(ROLE)),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException");
    }

    @Test
    void provisioningTemplates_versionsAndDefaults() {
        String name = unique("tpl");
        String body = EmulatorTestBase.JITP_BODY;
        String second = body.replace("\"ACTIVE\"", "\"INACTIVE\"");

        var created = iot.createProvisioningTemplate(r -> r.templateName(name).templateBody(body).enabled(true)
                .provisioningRoleArn(ROLE).type(TemplateType.JITP).description("first"));
        var version = iot.createProvisioningTemplateVersion(r -> r.templateName(name).templateBody(second)
                .setAsDefault(true));
        DescribeProvisioningTemplateResponse described = iot.describeProvisioningTemplate(r -> r.templateName(name));
        List<ProvisioningTemplateVersionSummary> versions = iot.listProvisioningTemplateVersions(
                r -> r.templateName(name)).versions();

        assertThat(created.templateArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:provisioningtemplate/"
                + name);
        assertThat(created.defaultVersionId()).isEqualTo(1);
        assertThat(version.versionId()).isEqualTo(2);
        assertThat(version.isDefaultVersion()).isTrue();
        assertThat(described.defaultVersionId()).isEqualTo(2);
        assertThat(described.templateBody()).isEqualTo(second);
        assertThat(described.type()).isEqualTo(TemplateType.JITP);
        assertThat(described.enabled()).isTrue();
        assertThat(versions).extracting(ProvisioningTemplateVersionSummary::versionId).containsExactly(1, 2);
        assertThat(iot.describeProvisioningTemplateVersion(r -> r.templateName(name).versionId(1)).templateBody())
                .isEqualTo(body);

        try (var patching = SdkClients.iotWithPatch(emulator.endpoints())) {
            patching.updateProvisioningTemplate(r -> r.templateName(name).defaultVersionId(1).description("second"));
        }
        assertThat(iot.describeProvisioningTemplate(r -> r.templateName(name)).description()).isEqualTo("second");
        iot.deleteProvisioningTemplateVersion(r -> r.templateName(name).versionId(2));
        assertAwsError(() -> iot.deleteProvisioningTemplateVersion(r -> r.templateName(name).versionId(1)),
                DeleteConflictException.class, 409, "DeleteConflictException");
        assertThat(iot.listProvisioningTemplatesPaginator(r -> r.maxResults(1)).templates())
                .extracting(t -> t.templateName())
                .contains(name);
        iot.deleteProvisioningTemplate(r -> r.templateName(name));
        assertAwsError(() -> iot.describeProvisioningTemplate(r -> r.templateName(name)),
                ResourceNotFoundException.class, 404, "ResourceNotFoundException");
    }

    @Test
    void provisioningTemplates_refusals() {
        String name = unique("tpl");
        iot.createProvisioningTemplate(r -> r.templateName(name).templateBody(EmulatorTestBase.JITP_BODY)
                .provisioningRoleArn(ROLE).type(TemplateType.JITP));

        assertAwsError(() -> iot.createProvisioningTemplate(r -> r.templateName(name)
                .templateBody(EmulatorTestBase.JITP_BODY).provisioningRoleArn(ROLE)),
                ResourceAlreadyExistsException.class,
                409, "ResourceAlreadyExistsException");
        assertAwsError(() -> iot.createProvisioningTemplate(r -> r.templateName(unique("t")).templateBody("[1]")
                .provisioningRoleArn(ROLE)), InvalidRequestException.class, 400, "InvalidRequestException");
        assertAwsError(() -> iot.createProvisioningTemplate(r -> r.templateName(unique("t"))
                .templateBody(EmulatorTestBase.JITP_BODY).provisioningRoleArn(ROLE).type(TemplateType.JITP)
                .preProvisioningHook(h -> h.targetArn("arn:aws:lambda:us-east-1:123456789012:function:f"))),
                InvalidRequestException.class, 400, "InvalidRequestException");
        for (int i = 0; i < 4; i++) {
            iot.createProvisioningTemplateVersion(r -> r.templateName(name).templateBody(EmulatorTestBase.JITP_BODY));
        }
        assertAwsError(() -> iot.createProvisioningTemplateVersion(r -> r.templateName(name)
                .templateBody(EmulatorTestBase.JITP_BODY)), VersionsLimitExceededException.class, 409,
                "VersionsLimitExceededException");
        registerCa(TestPki.ca("CN=" + unique("ca")), true, true,
                RegistrationConfig.builder().templateName(name).build());
        assertAwsError(() -> iot.deleteProvisioningTemplate(r -> r.templateName(name)),
                DeleteConflictException.class, 409, "DeleteConflictException");
        assertAwsError(() -> iot.createProvisioningTemplateVersion(r -> r.templateName("missing")
                .templateBody("{}")), ResourceNotFoundException.class, 404, "ResourceNotFoundException");
    }

    @Test
    void describeEndpoint_answersTheCredentialsEndpointAndAnAtsHost() {
        String credentials = iot.describeEndpoint(r -> r.endpointType("iot:CredentialProvider")).endpointAddress();
        String data = iot.describeEndpoint(r -> r.endpointType("iot:Data-ATS")).endpointAddress();

        assertThat(credentials).isEqualTo(emulator.endpoints().credentialsEndpoint());
        assertThat(data).matches("[a-z0-9]{14}-ats\\.iot\\.us-east-1\\.amazonaws\\.com");
        assertThat(iot.describeEndpoint(r -> r.endpointType("iot:Data-ATS")).endpointAddress()).isEqualTo(data);
        assertAwsError(() -> iot.describeEndpoint(r -> r.endpointType("iot:Jobs")), InvalidRequestException.class,
                400, "InvalidRequestException");
    }
}
