package io.jitp.emulator.state;

import java.util.List;

/**
 * Everything the emulator persists, as written to {@code state.json} in the data directory (0600: it holds
 * the account's secret key and the secrets of unexpired sessions).
 */
public record Snapshot(int format, String region, String accountId, String accessKeyId, String secretAccessKey,
        String registrationCode, List<CaCertificateEntry> caCertificates, List<CertificateEntry> certificates,
        List<ThingEntry> things, List<ThingPrincipal> thingPrincipals, List<PolicyEntry> policies,
        List<PolicyAttachment> policyAttachments, List<RoleAliasEntry> roleAliases,
        List<ProvisioningTemplateEntry> provisioningTemplates, List<SessionEntry> sessions) {

    /** The snapshot format this build writes and reads. */
    public static final int FORMAT = 1;

    public Snapshot {
        caCertificates = nonNull(caCertificates);
        certificates = nonNull(certificates);
        things = nonNull(things);
        thingPrincipals = nonNull(thingPrincipals);
        policies = nonNull(policies);
        policyAttachments = nonNull(policyAttachments);
        roleAliases = nonNull(roleAliases);
        provisioningTemplates = nonNull(provisioningTemplates);
        sessions = nonNull(sessions);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    @Override
    public String toString() {
        return "Snapshot[format=" + format + ", region=" + region + ", accountId=" + accountId + ", caCertificates="
                + caCertificates.size() + ", certificates=" + certificates.size() + ", things=" + things.size()
                + ", policies=" + policies.size() + ", roleAliases=" + roleAliases.size() + ", templates="
                + provisioningTemplates.size() + ", sessions=" + sessions.size() + "]";
    }
}
