package io.jitp.broker.doctor;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jitp.broker.iot.IotGateway;
import io.jitp.broker.store.CaStore;
import io.jitp.broker.store.DeviceRecord;
import io.jitp.broker.store.DeviceStore;
import io.jitp.broker.store.FleetRecord;
import io.jitp.broker.store.FleetStore;
import io.jitp.error.JitpException;
import io.jitp.pki.Certificates;
import io.jitp.pki.Pem;
import io.jitp.pki.SubjectField;
import io.jitp.policy.IotPolicyDocument;

import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CACertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.RoleAliasDescription;

/**
 * Says why a device does or will not get credentials: the checks the credentials provider makes (reference 5.3),
 * read from AWS IoT, each with what is wrong and how to fix it. A certificate IoT does not know yet is not a
 * failure when its CA will provision it just in time on first contact. Reads only; changes nothing.
 */
@ApplicationScoped
public class DeviceDoctor {

    /** Bounds of a role alias' credential duration (AWS model). */
    static final int MIN_DURATION = 900;
    static final int MAX_DURATION = 43_200;
    /** Skew up to this is fine (the Date header has whole seconds; certificates start minutes back). */
    static final Duration SKEW_OK = Duration.ofSeconds(60);
    /** Skew above this fails: new certificates look not yet valid, signatures near the 15-minute SigV4 limit. */
    static final Duration SKEW_FAIL = Duration.ofMinutes(5);

    private static final String ACTION = "iot:AssumeRoleWithCertificate";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final IotGateway gateway;
    private final IotClient iot;
    private final DeviceStore devices;
    private final FleetStore fleets;
    private final CaStore cas;

    public DeviceDoctor(IotGateway gateway, IotClient iot, DeviceStore devices, FleetStore fleets, CaStore cas) {
        this.gateway = gateway;
        this.iot = iot;
        this.devices = devices;
        this.fleets = fleets;
        this.cas = cas;
    }

    /**
     * Examines a thing.
     *
     * @param thing the thing name
     * @param roleAliasOverride the role alias to check, or {@code null} for the fleet's
     */
    public DoctorReport examine(String thing, String roleAliasOverride) {
        List<DoctorCheck> checks = new ArrayList<>();
        Subject subject = ledger(thing, checks);
        Optional<CertificateDescription> certificate = Optional.empty();
        if (subject.certificateId() != null) {
            certificate = find("DescribeCertificate", () -> iot.describeCertificate(
                    b -> b.certificateId(subject.certificateId())).certificateDescription());
        }
        String caId = subject.caId() != null ? subject.caId() : certificate.map(CertificateDescription::caCertificateId)
                .orElse(null);
        boolean jitpReady = ca(caId, checks);
        certificate(subject, certificate, jitpReady, checks);
        boolean pending = certificate.isEmpty() && jitpReady;
        boolean attached = thing(thing, certificate, pending, checks);
        String alias = roleAliasOverride != null ? roleAliasOverride : subject.roleAlias();
        Optional<RoleAliasDescription> roleAlias = roleAlias(alias, checks);
        policy(thing, subject, certificate, roleAlias, attached, pending, checks);
        checks.add(clock());
        return DoctorReport.of(thing, subject.certificateId(), alias, checks);
    }

    private Subject ledger(String thing, List<DoctorCheck> checks) {
        Optional<DeviceRecord> current = devices.findCurrent(thing);
        if (current.isPresent()) {
            DeviceRecord device = current.get();
            String alias = fleet(device).map(FleetRecord::roleAlias).orElse(null);
            checks.add(DoctorCheck.ok("ledger", "certificate " + device.certificateId() + " issued " + device
                    .issuedAt() + " by CA " + device.caId()
                    + (device.fleetName() == null ? ""
                            : " for fleet " + device.fleetName())
                    + ", valid until " + device.notAfter()));
            if (device.notAfter().isBefore(Instant.now())) {
                checks.add(DoctorCheck.fail("validity", "certificate " + device.certificateId() + " expired "
                        + device.notAfter(), "enroll the device again (jitp token create, jitp device enroll)"));
            }
            return new Subject(device.certificateId(), device.caId(), alias, commonName(device));
        }
        List<DeviceRecord> history = devices.history(thing);
        if (!history.isEmpty()) {
            DeviceRecord last = history.get(0);
            checks.add(DoctorCheck.fail("ledger", "every certificate of thing '" + thing + "' is revoked (the "
                    + "latest, " + last.certificateId() + ", since " + last.revokedAt() + ")",
                    "enroll the device again with a new token (jitp token create, jitp device enroll)"));
            return new Subject(last.certificateId(), last.caId(), fleet(last).map(FleetRecord::roleAlias)
                    .orElse(null), commonName(last));
        }
        Optional<String> principal = principals(thing).stream().filter(p -> p.contains(":cert/")).findFirst();
        checks.add(DoctorCheck.warn("ledger", "thing '" + thing + "' has no certificate issued by this broker"
                + principal.map(p -> "; examining the certificate attached in AWS IoT").orElse(""),
                "enroll devices through the broker (jitp token create, jitp device enroll) so that it can check "
                        + "their certificates before they connect"));
        return new Subject(principal.map(p -> p.substring(p.indexOf(":cert/") + 6)).orElse(null), null, null, null);
    }

    private boolean ca(String caId, List<DoctorCheck> checks) {
        if (caId == null) {
            checks.add(DoctorCheck.warn("ca", "the device's CA is not known", "enroll the device through the broker"));
            return false;
        }
        Optional<CACertificateDescription> found = find("DescribeCACertificate",
                () -> iot.describeCACertificate(b -> b.certificateId(caId)).certificateDescription());
        if (found.isEmpty()) {
            String name = cas.find(caId).map(ca -> ca.name()).orElse(caId);
            checks.add(DoctorCheck.fail("ca", "CA " + name + " (" + caId + ") is not registered with AWS IoT",
                    "register it with a JITP template: jitp ca register " + name + " --template <template>"));
            return false;
        }
        CACertificateDescription ca = found.get();
        boolean active = "ACTIVE".equals(ca.statusAsString());
        boolean autoRegistration = "ENABLE".equals(ca.autoRegistrationStatusAsString());
        boolean template = hasTemplate(caId);
        if (!active) {
            checks.add(DoctorCheck.fail("ca", "CA " + caId + " is " + ca.statusAsString() + " in AWS IoT: devices it "
                    + "signed cannot connect", "activate it: jitp ca activate <ca>"));
        } else if (!autoRegistration || !template) {
            checks.add(DoctorCheck.warn("ca", "CA " + caId + " is ACTIVE but " + (!autoRegistration
                    ? "auto-registration is off" : "has no JITP template") + ": new certificates are not provisioned "
                    + "on first contact",
                    "jitp ca update <ca> --auto-registration --template <template>; certificates already registered "
                            + "keep working"));
        } else {
            checks.add(DoctorCheck.ok("ca", "CA " + caId + " is ACTIVE with auto-registration and a JITP template"));
        }
        return active && autoRegistration && template;
    }

    private boolean hasTemplate(String caId) {
        return find("DescribeCACertificate", () -> iot.describeCACertificate(b -> b.certificateId(caId)))
                .map(r -> r.registrationConfig() != null && (notBlank(r.registrationConfig().templateBody())
                        || notBlank(r.registrationConfig().templateName())))
                .orElse(false);
    }

    private void certificate(Subject subject, Optional<CertificateDescription> certificate, boolean jitpReady,
            List<DoctorCheck> checks) {
        String id = subject.certificateId();
        if (id == null) {
            checks.add(DoctorCheck.fail("certificate", "no certificate is known for this thing",
                    "enroll the device (jitp token create, jitp device enroll)"));
            return;
        }
        if (certificate.isEmpty()) {
            if (jitpReady) {
                checks.add(DoctorCheck.warn("certificate", "certificate " + id + " is not registered in AWS IoT yet: "
                        + "it will be provisioned just in time (JITP) on the device's first contact",
                        "nothing to do; the first exchange registers it (jitp device credentials <thing>)"));
            } else {
                checks.add(DoctorCheck.fail("certificate", "certificate " + id + " is not registered in AWS IoT and "
                        + "its CA will not provision it",
                        "fix the CA check below, or register the certificate: aws "
                                + "iot register-certificate --set-as-active"));
            }
            return;
        }
        String status = certificate.get().statusAsString();
        switch (status) {
            case "ACTIVE" -> checks.add(DoctorCheck.ok("certificate", "certificate " + id + " is ACTIVE"));
            case "PENDING_ACTIVATION" -> checks.add(DoctorCheck.warn("certificate", "certificate " + id
                    + " is PENDING_ACTIVATION: just-in-time provisioning has started or failed",
                    "try the exchange again in a few seconds; if it stays pending, check the CA's template"));
            case "REVOKED" -> checks.add(DoctorCheck.fail("certificate", "certificate " + id + " is REVOKED in AWS IoT",
                    "enroll the device again with a new certificate (jitp device enroll)"));
            default -> checks.add(DoctorCheck.fail("certificate", "certificate " + id + " is " + status
                    + " in AWS IoT",
                    "activate it: aws iot update-certificate --certificate-id " + id
                            + " --new-status ACTIVE"));
        }
    }

    private boolean thing(String thing, Optional<CertificateDescription> certificate, boolean pending,
            List<DoctorCheck> checks) {
        boolean exists = find("DescribeThing", () -> iot.describeThing(b -> b.thingName(thing))).isPresent();
        if (!exists) {
            checks.add(pending
                    ? DoctorCheck.warn("thing", "thing '" + thing + "' does not exist yet: the JITP template creates "
                            + "it on first contact", "nothing to do if the template creates the thing")
                    : DoctorCheck.fail("thing", "thing '" + thing + "' does not exist in AWS IoT",
                            "create it (aws iot create-thing --thing-name " + thing + ") or fix the template"));
            checks.add(pending ? DoctorCheck.warn("attachment", "not attached yet (provisioning attaches it)", null)
                    : DoctorCheck.fail("attachment", "no thing to attach", "create the thing first"));
            return false;
        }
        checks.add(DoctorCheck.ok("thing", "thing '" + thing + "' exists"));
        if (certificate.isEmpty()) {
            checks.add(pending ? DoctorCheck.warn("attachment", "the certificate is not registered yet; provisioning "
                    + "attaches it", null)
                    : DoctorCheck.fail("attachment", "the certificate is not registered", "see the certificate check"));
            return false;
        }
        String arn = certificate.get().certificateArn();
        if (principals(thing).contains(arn)) {
            checks.add(DoctorCheck.ok("attachment", "thing '" + thing + "' is attached to the certificate"));
            return true;
        }
        checks.add(DoctorCheck.fail("attachment", "thing '" + thing + "' is not attached to certificate "
                + certificate.get().certificateId() + ": the credentials provider answers 'Invalid thing name passed'",
                "aws iot attach-thing-principal --thing-name " + thing + " --principal " + arn));
        return false;
    }

    private Optional<RoleAliasDescription> roleAlias(String alias, List<DoctorCheck> checks) {
        if (alias == null) {
            checks.add(DoctorCheck.fail("role-alias", "no role alias: the device belongs to no fleet",
                    "give ?roleAlias=…, or enroll the device with a token bound to a fleet (jitp fleet ensure)"));
            return Optional.empty();
        }
        Optional<RoleAliasDescription> found = find("DescribeRoleAlias",
                () -> iot.describeRoleAlias(b -> b.roleAlias(alias)).roleAliasDescription());
        if (found.isEmpty()) {
            checks.add(DoctorCheck.fail("role-alias", "role alias '" + alias + "' does not exist: the credentials "
                    + "provider answers 404 'Role alias does not exist'",
                    "create it: jitp fleet ensure <fleet> "
                            + "--role-arn <role ARN> (or aws iot create-role-alias)"));
            return found;
        }
        Integer duration = found.get().credentialDurationSeconds();
        if (duration == null || duration < MIN_DURATION || duration > MAX_DURATION) {
            checks.add(DoctorCheck.fail("role-alias", "role alias '" + alias + "' asks for credentials lasting "
                    + duration + " s, outside " + MIN_DURATION + ".." + MAX_DURATION + " s",
                    "set a duration between 900 and 43200 s, at most the role's MaxSessionDuration: aws iot "
                            + "update-role-alias --role-alias " + alias + " --credential-duration-seconds 3600"));
        } else {
            checks.add(DoctorCheck.ok("role-alias", "role alias '" + alias + "' assumes " + found.get().roleArn()
                    + " for " + duration + " s (the role's MaxSessionDuration must be at least that)"));
        }
        return found;
    }

    private void policy(String thing, Subject subject, Optional<CertificateDescription> certificate,
            Optional<RoleAliasDescription> roleAlias, boolean attached, boolean pending, List<DoctorCheck> checks) {
        if (certificate.isEmpty() || roleAlias.isEmpty()) {
            checks.add(pending && roleAlias.isPresent()
                    ? DoctorCheck.warn("policy", "no policy to evaluate before provisioning attaches the template's",
                            "run the doctor again after the first exchange")
                    : DoctorCheck.warn("policy", "not evaluated: " + (roleAlias.isEmpty() ? "no role alias"
                            : "no registered certificate"), "fix the checks above first"));
            return;
        }
        String aliasArn = roleAlias.get().roleAliasArn();
        String principal = certificate.get().certificateArn();
        List<Policy> attachedPolicies = gateway.call("ListAttachedPolicies",
                () -> iot.listAttachedPolicies(b -> b.target(principal).pageSize(100)).policies());
        List<IotPolicyDocument> documents = new ArrayList<>();
        boolean conditional = false;
        for (Policy policy : attachedPolicies) {
            Optional<String> document = find("GetPolicy",
                    () -> iot.getPolicy(b -> b.policyName(policy.policyName())).policyDocument());
            if (document.isPresent()) {
                conditional |= document.get().contains("\"Condition\"");
                try {
                    documents.add(IotPolicyDocument.parse(document.get()));
                } catch (JitpException e) {
                    checks.add(DoctorCheck.warn("policy", "policy '" + policy.policyName() + "' cannot be read: "
                            + e.getMessage(), null));
                }
            }
        }
        Map<String, String> variables = new HashMap<>();
        if (attached) {
            variables.put("iot:Connection.Thing.ThingName", thing);
            variables.put("iot:Connection.Thing.IsAttached", "true");
        }
        if (subject.commonName() != null) {
            variables.put("iot:Certificate.Subject.CommonName", subject.commonName());
        }
        String names = attachedPolicies.stream().map(Policy::policyName).toList().toString();
        if (IotPolicyDocument.allows(documents, ACTION, aliasArn, variables)) {
            checks.add(DoctorCheck.ok("policy", "attached policies " + names + " allow " + ACTION + " on " + aliasArn));
        } else if (conditional) {
            checks.add(DoctorCheck.warn("policy", "attached policies " + names + " allow " + ACTION + " on "
                    + aliasArn + " only under a Condition, which the doctor does not evaluate",
                    "check the conditions by hand, or try the exchange"));
        } else {
            checks.add(DoctorCheck.fail("policy", (attachedPolicies.isEmpty() ? "no policy is attached to the "
                    + "certificate, so nothing allows " + ACTION + " on " + aliasArn
                    : "no attached policy " + names + " allows " + ACTION + " on " + aliasArn
                            + " (or one denies it)")
                    + ": the credentials provider answers 403 'Access Denied'",
                    "attach the fleet's device policy: aws iot attach-policy --policy-name <fleet>-device-policy "
                            + "--target " + principal + " (jitp fleet ensure creates that policy)"));
        }
    }

    private DoctorCheck clock() {
        Instant before = Instant.now();
        DescribeEndpointResponse response;
        try {
            response = gateway.invoke("DescribeEndpoint",
                    () -> iot.describeEndpoint(b -> b.endpointType("iot:CredentialProvider")));
        } catch (RuntimeException e) {
            return DoctorCheck.warn("clock", "AWS IoT did not answer, so the clock was not compared ("
                    + IotGateway.translate("DescribeEndpoint", e).getMessage() + ")", "check jitp.iot.*");
        }
        Instant after = Instant.now();
        Optional<String> date = response.sdkHttpResponse().firstMatchingHeader("Date");
        if (date.isEmpty()) {
            return DoctorCheck.warn("clock", "AWS IoT sent no Date header, so the clock was not compared", null);
        }
        Instant iotTime;
        try {
            iotTime = ZonedDateTime.parse(date.get(), HTTP_DATE).toInstant();
        } catch (DateTimeParseException e) {
            return DoctorCheck.warn("clock", "AWS IoT's Date header '" + date.get() + "' cannot be read", null);
        }
        Instant local = before.plus(Duration.between(before, after).dividedBy(2));
        return clockCheck(Duration.between(iotTime, local));
    }

    /** Judges a skew (broker minus AWS IoT). */
    static DoctorCheck clockCheck(Duration skew) {
        Duration size = skew.abs();
        String measured = "the broker's clock is " + size.toSeconds() + " s " + (skew.isNegative() ? "behind"
                : "ahead of") + " AWS IoT's";
        if (size.compareTo(SKEW_OK) <= 0) {
            return DoctorCheck.ok("clock", measured + " (within " + SKEW_OK.toSeconds() + " s)");
        }
        String fix = "synchronise the clocks with NTP (timedatectl set-ntp true; chronyc tracking); devices need "
                + "a correct clock too, or new certificates look not yet valid";
        if (size.compareTo(SKEW_FAIL) <= 0) {
            return DoctorCheck.warn("clock", measured, fix);
        }
        return DoctorCheck.fail("clock", measured + ": certificates issued now look not yet valid, and signed AWS "
                + "requests fail at 15 minutes", fix);
    }

    private Optional<FleetRecord> fleet(DeviceRecord device) {
        if (device.fleetName() != null) {
            return fleets.find(device.fleetName());
        }
        String caName = cas.find(device.caId()).map(ca -> ca.name()).orElse(null);
        List<FleetRecord> matching = fleets.list().stream().filter(f -> f.caName() != null && f.caName().equals(caName))
                .toList();
        return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
    }

    private List<String> principals(String thing) {
        return find("ListThingPrincipals", () -> iot.listThingPrincipals(b -> b.thingName(thing)).principals())
                .orElse(List.of());
    }

    private <T> Optional<T> find(String operation, java.util.function.Supplier<T> call) {
        try {
            return Optional.ofNullable(gateway.invoke(operation, call));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw IotGateway.translate(operation, e);
        }
    }

    private static String commonName(DeviceRecord device) {
        X509Certificate certificate = Pem.certificate(device.certificatePem().getBytes(StandardCharsets.US_ASCII),
                "device certificate", "certificate");
        return Certificates.subjectFields(certificate).get(SubjectField.CN);
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    /** What the doctor examines: a certificate, its CA, the role alias, the certificate's CN. */
    private record Subject(String certificateId, String caId, String roleAlias, String commonName) {
    }
}
