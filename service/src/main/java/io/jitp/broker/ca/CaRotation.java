package io.jitp.broker.ca;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.jitp.broker.security.Audit;
import io.jitp.broker.store.CaRecord;
import io.jitp.broker.store.CaStore;
import io.jitp.broker.store.Database;
import io.jitp.broker.store.RegistrationRecord;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.pki.CertificateAuthority;

/**
 * Rotation of a CA: a new generation is created (STANDBY) and registered with AWS IoT beside the current one,
 * with the same mode, template and auto-registration, both ACTIVE; then, in one transaction, the new one becomes
 * CURRENT (new enrollments use it) and the old one RETIRING (its devices keep working until it is retired).
 * Repeating a rotation that stopped half-way resumes the STANDBY generation instead of making another.
 */
@ApplicationScoped
public class CaRotation {

    private final CaService cas;
    private final CaRegistrar registrar;
    private final CaStore store;
    private final Database database;

    public CaRotation(CaService cas, CaRegistrar registrar, CaStore store, Database database) {
        this.cas = cas;
        this.registrar = registrar;
        this.store = store;
        this.database = database;
    }

    /** Rotates the current CA of the referenced CA's name; returns the new CA. */
    public CaView rotate(String reference, CaRequests.Rotate request, String actor) {
        CaRecord old = cas.resolve(reference);
        if (!CaRecord.CURRENT.equals(old.status())) {
            CaRecord current = store.findCurrent(old.name()).orElseThrow(() -> JitpException.conflict(
                    "'" + old.name() + "' has no current CA to rotate", "create a new CA"));
            return rotate(current.id(), request, actor);
        }
        RegistrationRecord oldRegistration = store.findRegistration(old.id())
                .filter(RegistrationRecord::isRegistered)
                .orElseThrow(() -> JitpException.conflict("CA " + old.id() + " is not registered with AWS IoT",
                        "register it before rotating"));
        CaRecord standby = standby(old).orElseGet(() -> createStandby(old, request));
        RegistrationRecord registration = startLike(standby, oldRegistration);
        if (!registration.isRegistered()) {
            registration = registrar.run(standby, registration);
        }
        CaRecord promoted = promote(old, standby);
        Audit.record("ca.rotated", actor, "old", old.id(), "new", promoted.id(), "name", old.name(), "generation",
                promoted.generation(), "arn", registration.certificateArn());
        return CaView.of(promoted, registration);
    }

    private Optional<CaRecord> standby(CaRecord old) {
        return store.list().stream()
                .filter(c -> c.name().equals(old.name()) && CaRecord.STANDBY.equals(c.status()))
                .findFirst();
    }

    private CaRecord createStandby(CaRecord old, CaRequests.Rotate request) {
        CertificateAuthority authority = CertificateAuthority.create(cas.rootRequest(request.keyType(),
                request.subject(), request.validityDays(), old));
        try {
            return cas.storeNew(old.name(), authority, CaService.CREATED, cas.profile(old), CaRecord.STANDBY, old);
        } catch (JitpException e) {
            // Another replica created the standby generation first: continue with that one.
            if (e.reason() == Reason.CONFLICT) {
                return standby(old).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private RegistrationRecord startLike(CaRecord standby, RegistrationRecord old) {
        return registrar.start(standby, new CaRequests.Register(old.mode(), true, old.autoRegistration(),
                old.templateName()));
    }

    private CaRecord promote(CaRecord old, CaRecord standby) {
        return database.transaction(connection -> {
            CaRecord freshOld = store.find(connection, old.id()).orElseThrow();
            CaRecord freshNew = store.find(connection, standby.id()).orElseThrow();
            if (CaRecord.CURRENT.equals(freshNew.status())) {
                return freshNew;
            }
            if (CaRecord.CURRENT.equals(freshOld.status())) {
                store.update(connection, freshOld.withStatus(CaRecord.RETIRING));
            }
            return store.update(connection, freshNew.withStatus(CaRecord.CURRENT));
        });
    }
}
