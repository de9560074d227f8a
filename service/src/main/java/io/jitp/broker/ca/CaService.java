package io.jitp.broker.ca;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.jitp.broker.config.BrokerConfig;
import io.jitp.broker.security.Audit;
import io.jitp.broker.security.KeyEncryption;
import io.jitp.broker.store.CaRecord;
import io.jitp.broker.store.CaStore;
import io.jitp.broker.store.Database;
import io.jitp.broker.store.RegistrationRecord;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.Certificates;
import io.jitp.pki.KeyType;
import io.jitp.pki.Pem;
import io.jitp.pki.RootCaRequest;
import io.jitp.pki.SubjectNames;

/**
 * CAs held by the broker: created or imported, stored with the private key sealed under the KEK, listed, shown
 * and exported (certificate only). Registration with AWS IoT is {@link CaRegistrar}'s.
 */
@ApplicationScoped
public class CaService {

    /** Origin of a CA the broker created. */
    public static final String CREATED = "CREATED";
    /** Origin of a CA imported from files. */
    public static final String IMPORTED = "IMPORTED";

    private static final int MAX_PROFILES = 256;

    private final CaStore store;
    private final Database database;
    private final KeyEncryption encryption;
    private final BrokerConfig config;
    private final CaMetrics metrics;
    /** Parsed issuance profiles by their stored JSON (immutable; a few per CA). */
    private final Map<String, IssuanceProfile> profiles = new ConcurrentHashMap<>();
    /** Opened CAs by id, see {@link #authority}. */
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();

    public CaService(CaStore store, Database database, KeyEncryption encryption, BrokerConfig config,
            CaMetrics metrics) {
        this.store = store;
        this.database = database;
        this.encryption = encryption;
        this.config = config;
        this.metrics = metrics;
    }

    /** Creates a CA with a fresh key as generation 1 of a new name. */
    public CaView create(CaRequests.Create request, String actor) {
        IssuanceProfile profile = profileOf(request.profile());
        // Without a subject, the CA name goes into the CN: AWS IoT accepts at most 10 CAs with the same subject.
        String subject = request.subject() == null && request.name() != null && request.name().matches("[a-z0-9-]+")
                ? RootCaRequest.DEFAULT_SUBJECT + " " + request.name() : request.subject();
        CertificateAuthority authority = CertificateAuthority.create(rootRequest(request.keyType(), subject,
                request.validityDays(), null));
        CaRecord stored = storeNew(request.name(), authority, CREATED, profile, CaRecord.CURRENT, null);
        Audit.record("ca.created", actor, "id", stored.id(), "name", stored.name(), "keyType", stored.keyType(),
                "subject", stored.subject(), "notAfter", stored.notAfter());
        return CaView.of(stored, null);
    }

    /** Imports an existing CA (certificate + key, possibly encrypted) as generation 1 of a new name. */
    public CaView importCa(CaRequests.Import request, String actor) {
        IssuanceProfile profile = profileOf(request.profile());
        CertificateAuthority authority;
        try {
            authority = CertificateAuthority.load(request.certificatePem().getBytes(StandardCharsets.US_ASCII),
                    request.keyPem().getBytes(StandardCharsets.US_ASCII), request.keyPassword());
        } catch (JitpException e) {
            throw renamed(e);
        } finally {
            request.clearPassword();
        }
        CaRecord stored = storeNew(request.name(), authority, IMPORTED, profile, CaRecord.CURRENT, null);
        Audit.record("ca.imported", actor, "id", stored.id(), "name", stored.name(), "keyType", stored.keyType(),
                "subject", stored.subject(), "notAfter", stored.notAfter());
        return CaView.of(stored, null);
    }

    /** Every CA with its registration. */
    public List<CaView> list() {
        Map<String, RegistrationRecord> registrations = new HashMap<>();
        store.listRegistrations().forEach(r -> registrations.put(r.caId(), r));
        List<CaView> views = new ArrayList<>();
        for (CaRecord ca : store.list()) {
            views.add(CaView.of(ca, registrations.get(ca.id())));
        }
        return views;
    }

    /** One CA by id, or the current generation of a name. */
    public CaView get(String reference) {
        CaRecord ca = resolve(reference);
        return CaView.of(ca, store.findRegistration(ca.id()).orElse(null));
    }

    /** The CA certificate as PEM (rootCA.pem). */
    public String certificatePem(String reference) {
        return resolve(reference).certificatePem();
    }

    /** Replaces the issuance profile; the attached template must still be satisfied by it. */
    public CaView updateProfile(String reference, IssuanceProfile profile, TemplateCheck templates, String actor) {
        CaRecord ca = resolve(reference);
        IssuanceProfile complete = profileOf(profile);
        Optional<RegistrationRecord> registration = store.findRegistration(ca.id());
        registration.map(RegistrationRecord::templateName).ifPresent(t -> templates.requireCompatible(t, complete));
        CaRecord updated = store.update(ca.withProfile(complete.toJson()));
        Audit.record("ca.profile-changed", actor, "id", ca.id(), "name", ca.name());
        return CaView.of(updated, registration.orElse(null));
    }

    /**
     * The CA record by id (64 hex digits) or by name (its current generation; a name whose only CAs are being
     * rotated or retired resolves to the newest one).
     */
    public CaRecord resolve(String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 64) {
            throw JitpException.notFound("CA", String.valueOf(reference));
        }
        if (reference.matches("[0-9a-f]{64}")) {
            return store.find(reference).orElseThrow(() -> JitpException.notFound("CA", reference));
        }
        return store.findCurrent(reference)
                .or(() -> store.list().stream().filter(c -> c.name().equals(reference)).findFirst())
                .orElseThrow(() -> JitpException.notFound("CA", reference));
    }

    /**
     * The CA with its private key opened, for one operation: callers do not keep it. An opened CA is kept for
     * {@code jitp.ca.key-cache-ttl} (never past the CA certificate's expiry) as long as the stored row still holds
     * the same sealed key, so issuance does not unseal, parse and check the key for every certificate.
     */
    public CertificateAuthority authority(CaRecord ca) {
        if (ca.sealedKey() == null) {
            throw JitpException.conflict("the private key of CA " + ca.id() + " was destroyed",
                    "use another CA of this name");
        }
        Instant now = Instant.now();
        Opened cached = opened.get(ca.id());
        if (cached != null && cached.sealedKey().equals(ca.sealedKey()) && now.isBefore(cached.until())) {
            return cached.authority();
        }
        CertificateAuthority authority = open(ca);
        Duration ttl = config.ca().keyCacheTtl();
        if (ttl.isNegative() || ttl.isZero()) {
            return authority;
        }
        Instant until = now.plus(ttl);
        Instant expires = authority.certificate().getNotAfter().toInstant();
        if (expires.isBefore(until)) {
            until = expires;
        }
        opened.put(ca.id(), new Opened(ca.sealedKey(), authority, until));
        return authority;
    }

    /** Drops an opened CA from memory (its key was destroyed, or it retired). */
    void forget(String caId) {
        opened.remove(caId);
    }

    private CertificateAuthority open(CaRecord ca) {
        byte[] der = encryption.open(ca.sealedKey(), ca.id());
        try {
            PrivateKey key = KeyFactory.getInstance(KeyType.parse(ca.keyType()).algorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(der));
            return CertificateAuthority.of(Pem.certificate(ca.certificatePem().getBytes(StandardCharsets.US_ASCII),
                    "the CA certificate", "caCertificate"), key);
        } catch (GeneralSecurityException e) {
            throw new JitpException(Reason.INTERNAL, "the stored key of CA " + ca.id() + " cannot be read", null,
                    null, null, e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** An opened CA, valid while its row holds {@code sealedKey} and until {@code until}. */
    private record Opened(String sealedKey, CertificateAuthority authority, Instant until) {
        @Override
        public String toString() {
            return "Opened[until=" + until + "]";
        }
    }

    /** Refreshes the CA gauges after a change made elsewhere. */
    void changedMetrics() {
        metrics.changed();
    }

    /** The profile of a stored CA. */
    public IssuanceProfile profile(CaRecord ca) {
        if (profiles.size() > MAX_PROFILES) {
            profiles.clear();
        }
        return profiles.computeIfAbsent(ca.profile(), IssuanceProfile::fromJson);
    }

    /** Makes the key-generation request of a new CA from a create or rotate request. */
    RootCaRequest rootRequest(String keyType, String subject, Integer validityDays, CaRecord previous) {
        KeyType type = keyType != null ? parseKeyType(keyType)
                : previous != null ? KeyType.parse(previous.keyType()) : KeyType.parse(config.ca().keyType());
        String name = subject != null ? subject : previous != null ? previous.subject() : RootCaRequest.DEFAULT_SUBJECT;
        int days = validityDays != null ? validityDays : config.ca().validityDays();
        if (days < 1 || days > 36500) {
            throw JitpException.invalid("validityDays", "validityDays must be between 1 and 36500",
                    "give the CA validity in days, e.g. 3650");
        }
        return new RootCaRequest(type, SubjectNames.parse(name, "subject"), Duration.ofDays(days));
    }

    /** Seals the key and stores a new CA row. */
    CaRecord storeNew(String name, CertificateAuthority authority, String origin, IssuanceProfile profile,
            String status, CaRecord rotatedFrom) {
        String id = authority.id().value();
        byte[] der = authority.privateKey().getEncoded();
        String sealed;
        try {
            sealed = encryption.seal(der, id);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
        CaRecord stored = database.transaction(connection -> {
            if (store.find(connection, id).isPresent()) {
                throw JitpException.conflict("this CA certificate is already held by the broker (id " + id + ")",
                        "use the existing CA");
            }
            int generation = store.lastGeneration(connection, name) + 1;
            if (rotatedFrom == null && generation > 1) {
                throw JitpException.conflict("a CA named '" + name + "' exists", "choose another name, or rotate it");
            }
            return store.insert(connection, new CaRecord(id, name, generation, status, origin,
                    SubjectNames.format(Certificates.subject(authority.certificate())),
                    authority.keyType().label(), authority.certificate().getSerialNumber().toString(16),
                    authority.certificate().getNotBefore().toInstant(),
                    authority.certificate().getNotAfter().toInstant(), authority.certificatePem(), sealed,
                    profile.toJson(), rotatedFrom == null ? null : rotatedFrom.id(), null, null, 0));
        });
        metrics.changed();
        return stored;
    }

    private IssuanceProfile profileOf(IssuanceProfile requested) {
        IssuanceProfile profile = (requested == null ? IssuanceProfile.defaults(config.ca().deviceValidityDays())
                : requested.withDefaultValidity(config.ca().deviceValidityDays()));
        profile.toPolicy();
        return profile;
    }

    private static KeyType parseKeyType(String label) {
        try {
            return KeyType.parse(label);
        } catch (JitpException e) {
            throw JitpException.invalid("keyType", "unknown key type '" + label + "'", "use one of "
                    + KeyType.labels());
        }
    }

    /** Names the API fields instead of the PKI core's ({@code caCertificate} → certificatePem, caKey → keyPem). */
    private static JitpException renamed(JitpException e) {
        String field = e.field();
        if ("caCertificate".equals(field)) {
            field = "certificatePem";
        } else if ("caKey".equals(field) || "password".equals(field)) {
            field = "caKey".equals(field) ? "keyPem" : "keyPassword";
        }
        return new JitpException(e.reason(), e.getMessage(), field, e.fix(), e.violations(), e);
    }

    /** Checks a template against a profile (implemented by the template service). */
    public interface TemplateCheck {
        /** Refuses (403) a template that uses a certificate parameter the profile does not supply. */
        void requireCompatible(String templateName, IssuanceProfile profile);
    }
}
