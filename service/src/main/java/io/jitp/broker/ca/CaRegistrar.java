package io.jitp.broker.ca;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.jitp.broker.iot.IotGateway;
import io.jitp.broker.security.Audit;
import io.jitp.broker.store.CaRecord;
import io.jitp.broker.store.CaStore;
import io.jitp.broker.store.RegistrationRecord;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.Certificates;
import io.jitp.pki.KeyAndCertificate;
import io.jitp.pki.Pem;
import io.smallrye.faulttolerance.api.Guard;

import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AutoRegistrationStatus;
import software.amazon.awssdk.services.iot.model.CACertificateDescription;
import software.amazon.awssdk.services.iot.model.CACertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.DescribeCaCertificateResponse;
import software.amazon.awssdk.services.iot.model.RegisterCaCertificateResponse;
import software.amazon.awssdk.services.iot.model.RegistrationCodeValidationException;
import software.amazon.awssdk.services.iot.model.RegistrationConfig;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.UpdateCaCertificateRequest;

/**
 * Registers CAs with AWS IoT, changes and retires their registration. Registration is idempotent and resumable:
 * the outcome of each step (registration code, verification certificate, registration) is written before the next
 * step runs, so a repeated call continues where the previous one stopped. When IoT already holds the CA (a crash
 * after RegisterCACertificate and before it was recorded, another replica, or a registration made by hand), the
 * ResourceAlreadyExistsException is answered by adopting that registration, after checking that IoT's certificate
 * is the very same certificate, and by bringing its settings to the requested ones.
 */
@ApplicationScoped
public class CaRegistrar {

    private static final Logger LOG = Logger.getLogger(CaRegistrar.class);

    private final CaStore store;
    private final CaService cas;
    private final IotGateway gateway;
    private final IotClient iot;
    private final CaService.TemplateCheck templates;
    private final Guard concurrent;

    public CaRegistrar(CaStore store, CaService cas, IotGateway gateway, IotClient iot,
            CaService.TemplateCheck templates) {
        this.store = store;
        this.cas = cas;
        this.gateway = gateway;
        this.iot = iot;
        this.templates = templates;
        // Another replica (or request) moved the same registration on: read its state again and continue from
        // there. Every step is idempotent, so this never repeats an effect. Up to 10 re-reads 100 ms apart let the
        // request that lost a race wait for the winner's IoT calls (each well under a second) to finish.
        this.concurrent = Guard.create()
                .withDescription("registration-race")
                .withRetry()
                .maxRetries(10)
                .delay(100, ChronoUnit.MILLIS)
                .jitter(50, ChronoUnit.MILLIS)
                .whenException(e -> e instanceof JitpException j && j.reason() == Reason.CONFLICT
                        && j.getMessage().contains("changed by another request"))
                .done()
                .build();
    }

    /** Registers (or resumes registering) a CA; repeating the call with the same settings changes nothing. */
    public CaView register(String reference, CaRequests.Register request, String actor) {
        CaRecord ca = cas.resolve(reference);
        if (CaRecord.RETIRED.equals(ca.status())) {
            throw JitpException.conflict("CA " + ca.id() + " is retired", "create or rotate to a new CA");
        }
        AtomicBoolean ran = new AtomicBoolean();
        RegistrationRecord registration = concurrent.get(() -> {
            RegistrationRecord current = start(ca, request);
            if (current.isRegistered()) {
                return current;
            }
            ran.set(true);
            return run(ca, current);
        }, RegistrationRecord.class);
        if (!ran.get()) {
            return CaView.of(ca, registration);
        }
        Audit.record(registration.adopted() ? "ca.registered.adopted" : "ca.registered", actor, "id", ca.id(),
                "name", ca.name(), "mode", registration.mode(), "status", registration.iotStatus(),
                "autoRegistration", registration.autoRegistration(), "template", registration.templateName(),
                "arn", registration.certificateArn());
        return CaView.of(ca, registration);
    }

    /** Runs the registration of a CA to its end (used by rotation, too). */
    RegistrationRecord run(CaRecord ca, RegistrationRecord registration) {
        if (registration.templateName() != null) {
            templates.requireCompatible(registration.templateName(), cas.profile(ca));
        }
        registration = store.updateRegistration(registration.attempted());
        if ("DEFAULT".equals(registration.mode())) {
            registration = prove(ca, registration);
        }
        try {
            return record(ca, registration, registerInIot(ca, registration));
        } catch (RegistrationCodeValidationException e) {
            // The account's code changed since it was recorded (DeleteRegistrationCode): start the proof again.
            LOG.debugf("registration code no longer valid, obtaining a new one [ca=%s]", ca.id());
            registration = store.updateRegistration(registration.withCode(null).withStep(RegistrationRecord.STARTED));
            registration = prove(ca, registration);
            try {
                return record(ca, registration, registerInIot(ca, registration));
            } catch (RuntimeException again) {
                throw IotGateway.translate("RegisterCACertificate", again);
            }
        } catch (ResourceAlreadyExistsException e) {
            return adopt(ca, registration);
        } catch (RuntimeException e) {
            throw IotGateway.translate("RegisterCACertificate", e);
        }
    }

    /** Changes status, auto-registration or template of a registered CA (UpdateCACertificate). */
    public CaView update(String reference, CaRequests.Update request, String actor) {
        CaRecord ca = cas.resolve(reference);
        RegistrationRecord registration = registered(ca);
        String status = request.status() != null ? request.status() : registration.iotStatus();
        boolean auto = request.autoRegistration() != null ? request.autoRegistration()
                : registration.autoRegistration();
        String template = request.templateName() != null ? request.templateName() : registration.templateName();
        if (request.templateName() != null) {
            templates.requireCompatible(template, cas.profile(ca));
        }
        if ("ACTIVE".equals(status) && CaRecord.RETIRED.equals(ca.status())) {
            throw JitpException.conflict("CA " + ca.id() + " is retired and cannot be activated again",
                    "rotate to a new CA");
        }
        updateInIot(ca, status, auto, Objects.equals(template, registration.templateName()) ? null : template);
        RegistrationRecord updated = store.updateRegistration(registration.withSettings(status, auto, template));
        String event = !Objects.equals(status, registration.iotStatus())
                ? ("ACTIVE".equals(status) ? "ca.activated" : "ca.deactivated") : "ca.updated";
        Audit.record(event, actor, "id", ca.id(), "name", ca.name(), "status", status, "autoRegistration", auto,
                "template", template);
        return CaView.of(ca, updated);
    }

    /**
     * Retires a CA: deactivates it in IoT (no new auto-registrations; devices it signed keep working until revoked),
     * optionally deletes it from IoT and destroys its key. Every part is idempotent.
     */
    public CaView retire(String reference, CaRequests.Retire request, String actor) {
        CaRecord ca = cas.resolve(reference);
        if (!ca.id().equals(request.confirm())) {
            throw JitpException.invalid("confirm", "retiring a CA needs its id as confirmation",
                    "set confirm to " + ca.id());
        }
        boolean destroy = Boolean.TRUE.equals(request.destroyKey());
        if (destroy && !ca.id().equals(request.confirmDestroyKey())) {
            throw JitpException.invalid("confirmDestroyKey", "destroying a CA key needs its id as a second "
                    + "confirmation", "set confirmDestroyKey to " + ca.id());
        }
        if (CaRecord.CURRENT.equals(ca.status()) && !Boolean.TRUE.equals(request.force())) {
            throw JitpException.conflict("CA " + ca.id() + " is the current CA of '" + ca.name()
                    + "': retiring it leaves new enrollments without a CA", "rotate first, or set force to true");
        }
        Optional<RegistrationRecord> registration = store.findRegistration(ca.id());
        RegistrationRecord updated = registration.orElse(null);
        if (updated != null && updated.isRegistered()) {
            updateInIot(ca, "INACTIVE", false, null);
            updated = store.updateRegistration(updated.withSettings("INACTIVE", false, updated.templateName()));
            if (Boolean.TRUE.equals(request.deleteFromIot())) {
                deleteInIot(ca);
                updated = store.updateRegistration(updated.withStep(RegistrationRecord.DELETED));
            }
        } else if (updated != null && RegistrationRecord.DELETED.equals(updated.step())) {
            LOG.debugf("CA already deleted from IoT [ca=%s]", ca.id());
        }
        CaRecord retired = CaRecord.RETIRED.equals(ca.status()) ? ca : store.update(ca.withStatus(CaRecord.RETIRED));
        cas.forget(ca.id());
        Audit.record("ca.retired", actor, "id", ca.id(), "name", ca.name(), "deletedFromIot",
                updated != null && RegistrationRecord.DELETED.equals(updated.step()));
        if (destroy && retired.sealedKey() != null) {
            retired = store.update(retired.withoutKey());
            Audit.record("ca.key-destroyed", actor, "id", ca.id(), "name", ca.name());
        }
        cas.changedMetrics();
        return CaView.of(retired, updated);
    }

    /** The registration record of a CA, created from the request on the first call. */
    RegistrationRecord start(CaRecord ca, CaRequests.Register request) {
        String mode = request.mode() == null ? "DEFAULT" : request.mode();
        boolean active = request.setAsActive() == null || request.setAsActive();
        boolean auto = request.autoRegistration() == null || request.autoRegistration();
        Optional<RegistrationRecord> existing = store.findRegistration(ca.id());
        if (existing.isEmpty()) {
            if (request.templateName() != null) {
                templates.requireCompatible(request.templateName(), cas.profile(ca));
            }
            try {
                return store.insertRegistration(new RegistrationRecord(ca.id(), mode, active, auto,
                        request.templateName(), RegistrationRecord.STARTED, null, null, null, null, false, 0, null,
                        null, 0));
            } catch (JitpException e) {
                if (e.reason() != Reason.CONFLICT) {
                    throw e;
                }
                existing = store.findRegistration(ca.id());
            }
        }
        RegistrationRecord found = existing.orElseThrow();
        if (RegistrationRecord.DELETED.equals(found.step())) {
            throw JitpException.conflict("CA " + ca.id() + " was deleted from AWS IoT on retirement",
                    "create or rotate to a new CA");
        }
        boolean same = found.mode().equals(mode) && (request.setAsActive() == null || found.setAsActive() == active)
                && (request.autoRegistration() == null || found.autoRegistration() == auto)
                && (request.templateName() == null || request.templateName().equals(found.templateName()));
        if (!same) {
            throw JitpException.conflict("CA " + ca.id() + " has a registration "
                    + (found.isRegistered() ? "" : "in progress ") + "with other settings (mode " + found.mode()
                    + ", template " + found.templateName() + ")",
                    found.isRegistered()
                            ? "change settings with PATCH /v1/cas/{ca}/registration"
                            : "repeat the registration with the settings it was started with");
        }
        return found;
    }

    private RegistrationRecord prove(CaRecord ca, RegistrationRecord registration) {
        RegistrationRecord current = registration;
        if (RegistrationRecord.STARTED.equals(current.step()) || current.registrationCode() == null) {
            String code = gateway.call("GetRegistrationCode", () -> iot.getRegistrationCode(b -> {
            }).registrationCode());
            current = store.updateRegistration(current.withCode(code));
        }
        if (RegistrationRecord.CODE_OBTAINED.equals(current.step()) || current.verificationPem() == null) {
            CertificateAuthority authority = cas.authority(ca);
            KeyAndCertificate verification = authority.verificationCertificate(current.registrationCode(), null);
            current = store.updateRegistration(current.withVerification(verification.certificate().pem()));
        }
        return current;
    }

    private RegisterCaCertificateResponse registerInIot(CaRecord ca, RegistrationRecord registration) {
        boolean proof = "DEFAULT".equals(registration.mode());
        return gateway.invoke("RegisterCACertificate", () -> iot.registerCACertificate(b -> {
            b.caCertificate(ca.certificatePem())
                    .setAsActive(registration.setAsActive())
                    .allowAutoRegistration(registration.autoRegistration())
                    .certificateMode(proof ? CertificateMode.DEFAULT : CertificateMode.SNI_ONLY);
            if (proof) {
                b.verificationCertificate(registration.verificationPem());
            }
            if (registration.templateName() != null) {
                b.registrationConfig(RegistrationConfig.builder().templateName(registration.templateName()).build());
            }
        }));
    }

    private RegistrationRecord record(CaRecord ca, RegistrationRecord registration,
            RegisterCaCertificateResponse response) {
        if (!ca.id().equals(response.certificateId())) {
            throw new JitpException(Reason.UPSTREAM, "AWS IoT registered the CA under id " + response.certificateId()
                    + ", expected " + ca.id(), null, null, null, null);
        }
        return store.updateRegistration(registration.registered(response.certificateArn(),
                registration.setAsActive() ? "ACTIVE" : "INACTIVE", false));
    }

    private RegistrationRecord adopt(CaRecord ca, RegistrationRecord registration) {
        DescribeCaCertificateResponse response = gateway.call("DescribeCACertificate",
                () -> iot.describeCACertificate(b -> b.certificateId(ca.id())));
        CACertificateDescription description = response.certificateDescription();
        if (!sameCertificate(ca.certificatePem(), description.certificatePem())) {
            throw JitpException.conflict("AWS IoT holds another certificate under the id of CA " + ca.id(),
                    "check the CA registrations of the account");
        }
        boolean active = description.status() == CACertificateStatus.ACTIVE;
        boolean auto = description.autoRegistrationStatus() == AutoRegistrationStatus.ENABLE;
        String template = response.registrationConfig() == null ? null
                : response.registrationConfig().templateName();
        boolean templateDiffers = registration.templateName() != null
                && !registration.templateName().equals(template);
        if (active != registration.setAsActive() || auto != registration.autoRegistration() || templateDiffers) {
            updateInIot(ca, registration.setAsActive() ? "ACTIVE" : "INACTIVE", registration.autoRegistration(),
                    templateDiffers ? registration.templateName() : null);
        }
        LOG.debugf("adopted the existing AWS IoT registration [ca=%s]", ca.id());
        return store.updateRegistration(registration.registered(description.certificateArn(),
                registration.setAsActive() ? "ACTIVE" : "INACTIVE", true));
    }

    private void updateInIot(CaRecord ca, String status, boolean autoRegistration, String newTemplate) {
        UpdateCaCertificateRequest.Builder request = UpdateCaCertificateRequest.builder()
                .certificateId(ca.id())
                .newStatus(CACertificateStatus.fromValue(status))
                .newAutoRegistrationStatus(autoRegistration ? AutoRegistrationStatus.ENABLE
                        : AutoRegistrationStatus.DISABLE);
        if (newTemplate != null) {
            request.registrationConfig(RegistrationConfig.builder().templateName(newTemplate).build());
        }
        gateway.call("UpdateCACertificate", () -> iot.updateCACertificate(request.build()));
    }

    private void deleteInIot(CaRecord ca) {
        try {
            gateway.invoke("DeleteCACertificate", () -> iot.deleteCACertificate(b -> b.certificateId(ca.id())));
        } catch (ResourceNotFoundException e) {
            LOG.debugf("CA already gone from IoT [ca=%s]", ca.id());
        } catch (RuntimeException e) {
            throw IotGateway.translate("DeleteCACertificate", e);
        }
    }

    private RegistrationRecord registered(CaRecord ca) {
        return store.findRegistration(ca.id()).filter(RegistrationRecord::isRegistered)
                .orElseThrow(() -> JitpException.conflict("CA " + ca.id() + " is not registered with AWS IoT",
                        "register it first: POST /v1/cas/{ca}/registration"));
    }

    static boolean sameCertificate(String ours, String theirs) {
        if (theirs == null) {
            return false;
        }
        byte[] a = Certificates.der(Pem.certificate(ours.getBytes(StandardCharsets.US_ASCII), "the CA", "ca"));
        byte[] b = Certificates.der(Pem.certificate(theirs.getBytes(StandardCharsets.US_ASCII), "IoT's CA", "ca"));
        return MessageDigest.isEqual(a, b);
    }
}
