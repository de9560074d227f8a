package io.jitp.emulator.state;

import java.security.SecureRandom;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.jitp.emulator.policy.IotPolicyDocument;
import io.jitp.error.JitpException;
import io.jitp.template.OverridableProperty;
import io.jitp.template.OverrideAction;
import io.jitp.template.ProvisioningPlan;
import io.jitp.template.RegistrationConfig;

/**
 * Everything the emulated account holds: registration code, CA and device certificates, things and their
 * principals, policies and their targets, role aliases, provisioning templates and issued sessions.
 * <p>
 * Thread-safe: reads share a read lock, every mutation (including a whole JITP plan) runs under the write
 * lock and either applies completely or not at all. Entries are immutable records. With a
 * {@link SnapshotStore} every mutation is followed by an atomic snapshot; {@link #flush()} tells when the
 * snapshot that contains the mutations made so far is on disk.
 */
public final class IotState {

    /** At most this many CA certificates may share one subject (reference section 6). */
    public static final int MAX_CAS_PER_SUBJECT = 10;
    /** At most this many policies per target. */
    public static final int MAX_POLICIES_PER_TARGET = 10;
    /** At most this many versions per provisioning template. */
    public static final int MAX_TEMPLATE_VERSIONS = 5;
    /** Things without a thing type carry at most this many attributes. */
    public static final int MAX_ATTRIBUTES_WITHOUT_TYPE = 3;

    /** How long after expiry a session is still known (to answer ExpiredToken). */
    private static final long SESSION_MEMORY_MILLIS = 24L * 3600 * 1000;
    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IotAccount account;
    private final AccessKey rootKey;
    private final Clock clock;
    private final TemplateValidator templateValidator;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private String registrationCode;
    private final Map<String, CaCertificateEntry> caCertificates = new LinkedHashMap<>();
    private final Map<String, CertificateEntry> certificates = new LinkedHashMap<>();
    private final Map<String, X509Certificate> parsed = new HashMap<>();
    private final Map<String, ThingEntry> things = new TreeMap<>();
    private final Map<String, Map<String, String>> thingPrincipals = new HashMap<>();
    private final Map<String, Set<String>> principalThings = new HashMap<>();
    private final Map<String, PolicyEntry> policies = new TreeMap<>();
    private final Map<String, Set<String>> targetPolicies = new HashMap<>();
    private final Map<String, RoleAliasEntry> roleAliases = new TreeMap<>();
    private final Map<String, ProvisioningTemplateEntry> templates = new TreeMap<>();
    private final Map<String, SessionEntry> sessions = new HashMap<>();

    private volatile Supplier<CompletableFuture<Void>> persistence = () -> CompletableFuture.completedFuture(null);

    /**
     * @param account region and account id
     * @param rootKey the account's long-term access key
     * @param clock the time of the emulated service
     * @param templateValidator checks template bodies on the way in
     */
    public IotState(IotAccount account, AccessKey rootKey, Clock clock, TemplateValidator templateValidator) {
        this.account = Objects.requireNonNull(account);
        this.rootKey = Objects.requireNonNull(rootKey);
        this.clock = Objects.requireNonNull(clock);
        this.templateValidator = Objects.requireNonNull(templateValidator);
    }

    /** The account and region. */
    public IotAccount account() {
        return account;
    }

    /** The account's long-term access key. */
    public AccessKey rootKey() {
        return rootKey;
    }

    /** The emulated service's clock. */
    public Clock clock() {
        return clock;
    }

    /** Makes every mutation request a snapshot through this store. */
    public void persistTo(SnapshotStore store) {
        this.persistence = store::requestWrite;
    }

    /** Completes once every mutation made so far is on disk (at once without a data directory). */
    public CompletableFuture<Void> flush() {
        return persistence.get();
    }

    private <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a mutation under the write lock; the caller then {@link #flush()}es when it needs durability. */
    private <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private long now() {
        return clock.millis();
    }

    private static String newGenerationId() {
        return UUID.randomUUID().toString();
    }

    // ---------------------------------------------------------------- registration code

    /** The account's registration code, created on first use: 64 hex characters, stable until deleted. */
    public String registrationCode() {
        String existing = read(() -> registrationCode);
        if (existing != null) {
            return existing;
        }
        return write(() -> {
            if (registrationCode == null) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                registrationCode = HexFormat.of().formatHex(bytes);
            }
            return registrationCode;
        });
    }

    /** Discards the registration code; the next {@link #registrationCode()} makes a new one. */
    public void deleteRegistrationCode() {
        write(() -> {
            if (registrationCode == null) {
                throw IotServiceException.notFound("There is no registration code to delete");
            }
            registrationCode = null;
            return null;
        });
    }

    // ---------------------------------------------------------------- CA certificates

    /**
     * RegisterCACertificate.
     *
     * @param caCertificatePem the CA certificate
     * @param verificationCertificatePem the verification certificate (DEFAULT mode), or {@code null}
     * @param setAsActive ACTIVE rather than INACTIVE
     * @param allowAutoRegistration auto-registration ENABLE rather than DISABLE
     * @param registrationConfig the JITP configuration, or {@code null}
     * @param tags tags
     * @param mode DEFAULT or SNI_ONLY ({@code null}: DEFAULT)
     */
    public CaCertificateEntry registerCaCertificate(String caCertificatePem, String verificationCertificatePem,
            boolean setAsActive, boolean allowAutoRegistration, RegistrationConfig registrationConfig, List<Tag> tags,
            CertificateMode mode) {
        CertificateMode certificateMode = mode == null ? CertificateMode.DEFAULT : mode;
        X509Certificate ca = X509Certificates.parse(caCertificatePem, "caCertificate");
        if (!X509Certificates.isCa(ca)) {
            throw IotServiceException.of(IotErrorType.CERTIFICATE_VALIDATION,
                    "caCertificate is not a CA certificate: it needs the extension basicConstraints CA:TRUE");
        }
        requireValidNow(ca, "caCertificate");
        X509Certificate verification = null;
        if (certificateMode == CertificateMode.DEFAULT) {
            if (verificationCertificatePem == null) {
                throw IotServiceException.invalid("verificationCertificate is required when certificateMode is "
                        + "DEFAULT: sign a certificate whose CN is the registration code with the CA key, "
                        + "or register with certificateMode SNI_ONLY");
            }
            verification = X509Certificates.parse(verificationCertificatePem, "verificationCertificate");
        } else if (verificationCertificatePem != null) {
            throw IotServiceException.invalid(
                    "verificationCertificate must not be given when certificateMode is SNI_ONLY: leave it out");
        }
        RegistrationConfig config = normalize(registrationConfig);
        X509Certificate verified = verification;
        return write(() -> {
            checkRegistrationConfig(config);
            if (verified != null) {
                String code = registrationCode;
                String commonName = X509Certificates.commonName(verified);
                if (code == null) {
                    throw IotServiceException.of(IotErrorType.REGISTRATION_CODE_VALIDATION,
                            "There is no registration code: call GetRegistrationCode and put the code in the "
                                    + "verification certificate's CN");
                }
                if (commonName == null || !commonName.equalsIgnoreCase(code)) {
                    throw IotServiceException.of(IotErrorType.REGISTRATION_CODE_VALIDATION,
                            "The verification certificate's CN is not the registration code: issue it with "
                                    + "CN=<the code GetRegistrationCode returns>");
                }
                if (!X509Certificates.signatureVerifies(verified, ca)
                        || !verified.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                    throw IotServiceException.of(IotErrorType.CERTIFICATE_VALIDATION,
                            "The verification certificate is not signed by the CA certificate's key: sign it "
                                    + "with the CA key (openssl x509 -req -CA rootCA.pem -CAkey rootCA.key)");
                }
                requireValidNow(verified, "verificationCertificate");
            }
            String id = X509Certificates.id(ca);
            if (caCertificates.containsKey(id)) {
                throw IotServiceException.alreadyExists("The CA certificate is already registered", id,
                        account.caCertificateArn(id));
            }
            long sameSubject = caCertificates.keySet()
                    .stream()
                    .filter(other -> parsed.get(other).getSubjectX500Principal().equals(ca.getSubjectX500Principal()))
                    .count();
            if (sameSubject >= MAX_CAS_PER_SUBJECT) {
                throw IotServiceException.of(IotErrorType.LIMIT_EXCEEDED, "At most " + MAX_CAS_PER_SUBJECT
                        + " CA certificates may have the same subject");
            }
            long now = now();
            CaCertificateEntry entry = new CaCertificateEntry(id, X509Certificates.pem(ca),
                    setAsActive ? CaCertificateStatus.ACTIVE : CaCertificateStatus.INACTIVE,
                    allowAutoRegistration ? AutoRegistrationStatus.ENABLE : AutoRegistrationStatus.DISABLE,
                    certificateMode, now, now, 1, newGenerationId(), ca.getNotBefore().getTime(),
                    ca.getNotAfter().getTime(), config, tags);
            caCertificates.put(id, entry);
            parsed.put(id, ca);
            return entry;
        });
    }

    private static RegistrationConfig normalize(RegistrationConfig config) {
        if (config == null || (config.templateBody() == null && config.roleArn() == null
                && config.templateName() == null)) {
            return null;
        }
        return config;
    }

    private void checkRegistrationConfig(RegistrationConfig config) {
        if (config == null) {
            return;
        }
        if (config.templateBody() != null && config.templateName() != null) {
            throw IotServiceException.invalid("registrationConfig takes templateBody (with roleArn) or templateName, "
                    + "not both");
        }
        if (config.templateName() != null) {
            ProvisioningTemplateEntry template = templates.get(config.templateName());
            if (template == null) {
                throw IotServiceException.notFound("registrationConfig.templateName: the provisioning template '"
                        + config.templateName() + "' does not exist: create it with type JITP first");
            }
            if (template.type() != TemplateType.JITP) {
                throw IotServiceException.invalid("registrationConfig.templateName: the provisioning template '"
                        + config.templateName() + "' has type " + template.type() + ": a CA needs a JITP template");
            }
            return;
        }
        if (config.templateBody() == null) {
            throw IotServiceException.invalid("registrationConfig.roleArn is given without templateBody: "
                    + "add the template body, or use templateName");
        }
        if (config.roleArn() == null) {
            throw IotServiceException.invalid("registrationConfig.roleArn is required with templateBody: "
                    + "give the ARN of the role JITP applies the template with");
        }
        requireRoleArn(config.roleArn(), "registrationConfig.roleArn");
        templateValidator.validate(config.templateBody(), TemplateType.JITP, "registrationConfig.templateBody");
    }

    private void requireValidNow(X509Certificate certificate, String member) {
        try {
            certificate.checkValidity(new Date(now()));
        } catch (CertificateExpiredException e) {
            throw IotServiceException.of(IotErrorType.CERTIFICATE_VALIDATION, member + " has expired (notAfter "
                    + certificate.getNotAfter().toInstant() + ")");
        } catch (CertificateNotYetValidException e) {
            throw IotServiceException.of(IotErrorType.CERTIFICATE_VALIDATION, member + " is not valid yet "
                    + "(notBefore " + certificate.getNotBefore().toInstant() + ")");
        }
    }

    static void requireRoleArn(String roleArn, String member) {
        if (roleArn == null) {
            throw IotServiceException.invalid(member + " is required: give an IAM role ARN such as "
                    + "arn:aws:iam::123456789012:role/DeviceRole");
        }
        try {
            RegistrationConfig.requireRoleArn(roleArn, member);
        } catch (JitpException e) {
            throw IotServiceException.invalid(member + ": '" + roleArn + "' is not an IAM role ARN (20 to 2048 "
                    + "characters such as arn:aws:iam::123456789012:role/DeviceRole)");
        }
    }

    /** DescribeCACertificate. */
    public CaCertificateEntry caCertificate(String id) {
        return read(() -> requireCa(id));
    }

    private CaCertificateEntry requireCa(String id) {
        CaCertificateEntry entry = caCertificates.get(normalizeId(id));
        if (entry == null) {
            throw IotServiceException.notFound("The CA certificate '" + id + "' does not exist");
        }
        return entry;
    }

    private static String normalizeId(String id) {
        if (id == null) {
            return "";
        }
        String lower = id.toLowerCase(Locale.ROOT);
        return lower.startsWith("0x") ? lower.substring(2) : lower;
    }

    /** ListCACertificates: oldest first; optionally only those whose config names a template. */
    public List<CaCertificateEntry> caCertificates(String templateName) {
        return read(() -> caCertificates.values()
                .stream()
                .filter(ca -> templateName == null || (ca.registrationConfig() != null
                        && templateName.equals(ca.registrationConfig().templateName())))
                .sorted(Comparator.comparingLong(CaCertificateEntry::createdMillis)
                        .thenComparing(CaCertificateEntry::id))
                .toList());
    }

    /**
     * UpdateCACertificate.
     *
     * @param newStatus new status or {@code null}
     * @param newAutoRegistrationStatus new auto-registration status or {@code null}
     * @param registrationConfig a new JITP configuration or {@code null}
     * @param removeAutoRegistration drop the JITP configuration
     */
    public CaCertificateEntry updateCaCertificate(String id, CaCertificateStatus newStatus,
            AutoRegistrationStatus newAutoRegistrationStatus, RegistrationConfig registrationConfig,
            boolean removeAutoRegistration) {
        RegistrationConfig config = normalize(registrationConfig);
        return write(() -> {
            CaCertificateEntry ca = requireCa(id);
            if (config != null && removeAutoRegistration) {
                throw IotServiceException.invalid("Give registrationConfig or removeAutoRegistration, not both");
            }
            checkRegistrationConfig(config);
            RegistrationConfig nextConfig = removeAutoRegistration ? null
                    : config != null ? config : ca.registrationConfig();
            CaCertificateEntry updated = new CaCertificateEntry(ca.id(), ca.pem(),
                    newStatus != null ? newStatus : ca.status(),
                    newAutoRegistrationStatus != null ? newAutoRegistrationStatus : ca.autoRegistrationStatus(),
                    ca.mode(), ca.createdMillis(), now(), ca.customerVersion() + 1, newGenerationId(),
                    ca.notBeforeMillis(), ca.notAfterMillis(), nextConfig, ca.tags());
            caCertificates.put(ca.id(), updated);
            return updated;
        });
    }

    /** DeleteCACertificate: refused while ACTIVE. */
    public void deleteCaCertificate(String id) {
        write(() -> {
            CaCertificateEntry ca = requireCa(id);
            if (ca.status() == CaCertificateStatus.ACTIVE) {
                throw IotServiceException.of(IotErrorType.CERTIFICATE_STATE, "The CA certificate is ACTIVE: "
                        + "deactivate it first (UpdateCACertificate newStatus=INACTIVE)");
            }
            caCertificates.remove(ca.id());
            if (!certificates.containsKey(ca.id())) {
                parsed.remove(ca.id());
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- device certificates

    /**
     * RegisterCertificate.
     *
     * @param certificatePem the device certificate
     * @param caCertificatePem the registered CA that signed it, or {@code null} to find it by issuer
     * @param setAsActive register it ACTIVE
     * @param status the status to register it with, or {@code null} (INACTIVE)
     */
    public CertificateEntry registerCertificate(String certificatePem, String caCertificatePem, boolean setAsActive,
            CertificateStatus status) {
        X509Certificate certificate = X509Certificates.parse(certificatePem, "certificatePem");
        X509Certificate named = caCertificatePem == null ? null
                : X509Certificates.parse(caCertificatePem, "caCertificatePem");
        CertificateStatus initial = initialStatus(setAsActive, status);
        return write(() -> {
            requireValidNow(certificate, "certificatePem");
            CaCertificateEntry ca;
            if (named != null) {
                ca = caCertificates.get(X509Certificates.id(named));
                if (ca == null) {
                    throw IotServiceException.of(IotErrorType.CERTIFICATE_VALIDATION,
                            "caCertificatePem is not a registered CA certificate: register it first");
                }
                if (!X509Certificates.signedBy(certificate, named)) {
                    throw IotServiceException.of(IotErrorType.CERTIFICATE_VALIDATION,
                            "certificatePem is not signed by the CA certificate in caCertificatePem");
                }
            } else {
                List<CaCertificateEntry> signers = signersOf(certificate);
                if (signers.isEmpty()) {
                    throw IotServiceException.of(IotErrorType.CERTIFICATE_VALIDATION,
                            "certificatePem is not signed by a registered CA certificate: register its CA first, "
                                    + "or use RegisterCertificateWithoutCA");
                }
                if (signers.size() > 1) {
                    throw IotServiceException.of(IotErrorType.CERTIFICATE_CONFLICT, "Several registered CA "
                            + "certificates could have signed certificatePem: name the signer in caCertificatePem");
                }
                ca = signers.get(0);
            }
            if (ca.status() != CaCertificateStatus.ACTIVE) {
                throw IotServiceException.of(IotErrorType.CERTIFICATE_STATE, "The CA certificate " + ca.id()
                        + " is INACTIVE: activate it (UpdateCACertificate newStatus=ACTIVE) before registering "
                        + "certificates it signed");
            }
            return store(certificate, ca.id(), ca.mode(), initial);
        });
    }

    /** RegisterCertificateWithoutCA: the certificate is SNI_ONLY and has no CA. */
    public CertificateEntry registerCertificateWithoutCa(String certificatePem, CertificateStatus status) {
        X509Certificate certificate = X509Certificates.parse(certificatePem, "certificatePem");
        CertificateStatus initial = initialStatus(false, status);
        return write(() -> {
            requireValidNow(certificate, "certificatePem");
            return store(certificate, null, CertificateMode.SNI_ONLY, initial);
        });
    }

    private static CertificateStatus initialStatus(boolean setAsActive, CertificateStatus status) {
        if (status == CertificateStatus.PENDING_ACTIVATION || status == CertificateStatus.PENDING_TRANSFER) {
            throw IotServiceException.of(IotErrorType.CERTIFICATE_STATE,
                    "Not allowed to register certificate with " + status + " status");
        }
        if (setAsActive) {
            return CertificateStatus.ACTIVE;
        }
        return status == null ? CertificateStatus.INACTIVE : status;
    }

    private CertificateEntry store(X509Certificate certificate, String caId, CertificateMode mode,
            CertificateStatus status) {
        String id = X509Certificates.id(certificate);
        if (certificates.containsKey(id)) {
            throw IotServiceException.alreadyExists("The certificate is already registered", id,
                    account.certificateArn(id));
        }
        long now = now();
        CertificateEntry entry = new CertificateEntry(id, X509Certificates.pem(certificate), caId, status, mode, now,
                now, 1, newGenerationId(), certificate.getNotBefore().getTime(), certificate.getNotAfter().getTime());
        certificates.put(id, entry);
        parsed.put(id, certificate);
        return entry;
    }

    private List<CaCertificateEntry> signersOf(X509Certificate certificate) {
        return caCertificates.values()
                .stream()
                .filter(ca -> X509Certificates.signedBy(certificate, parsed.get(ca.id())))
                .sorted(Comparator.comparingLong(CaCertificateEntry::createdMillis))
                .toList();
    }

    /** DescribeCertificate. */
    public CertificateEntry certificate(String id) {
        return read(() -> requireCertificate(id));
    }

    /** The certificate with this id, or {@code null}. */
    public CertificateEntry findCertificate(String id) {
        return read(() -> certificates.get(normalizeId(id)));
    }

    private CertificateEntry requireCertificate(String id) {
        CertificateEntry entry = certificates.get(normalizeId(id));
        if (entry == null) {
            throw IotServiceException.notFound("The certificate '" + id + "' does not exist");
        }
        return entry;
    }

    /** ListCertificates (caId {@code null}) or ListCertificatesByCA, oldest first. */
    public List<CertificateEntry> certificates(String caId) {
        return read(() -> {
            String ca = caId == null ? null : requireCa(caId).id();
            return certificates.values()
                    .stream()
                    .filter(c -> ca == null || ca.equals(c.caCertificateId()))
                    .sorted(Comparator.comparingLong(CertificateEntry::createdMillis)
                            .thenComparing(CertificateEntry::id))
                    .toList();
        });
    }

    /** UpdateCertificate. */
    public CertificateEntry updateCertificate(String id, CertificateStatus newStatus) {
        if (newStatus == CertificateStatus.PENDING_ACTIVATION || newStatus == CertificateStatus.PENDING_TRANSFER) {
            throw IotServiceException.invalid("newStatus " + newStatus + " is set by AWS IoT itself: use ACTIVE, "
                    + "INACTIVE or REVOKED");
        }
        return write(() -> {
            CertificateEntry current = requireCertificate(id);
            if (current.status() == CertificateStatus.REVOKED && newStatus != CertificateStatus.REVOKED) {
                throw IotServiceException.of(IotErrorType.CERTIFICATE_STATE,
                        "The certificate is REVOKED and cannot change status");
            }
            if (current.status() == CertificateStatus.PENDING_TRANSFER) {
                throw IotServiceException.of(IotErrorType.CERTIFICATE_STATE,
                        "The certificate is PENDING_TRANSFER and cannot change status");
            }
            CertificateEntry updated = withStatus(current, newStatus);
            certificates.put(updated.id(), updated);
            return updated;
        });
    }

    private CertificateEntry withStatus(CertificateEntry current, CertificateStatus status) {
        return new CertificateEntry(current.id(), current.pem(), current.caCertificateId(), status, current.mode(),
                current.createdMillis(), now(), current.customerVersion() + 1, newGenerationId(),
                current.notBeforeMillis(), current.notAfterMillis());
    }

    /** DeleteCertificate: refused while ACTIVE, attached to a thing, or (without force) to a policy. */
    public void deleteCertificate(String id, boolean forceDelete) {
        write(() -> {
            CertificateEntry certificate = requireCertificate(id);
            String arn = account.certificateArn(certificate.id());
            if (certificate.status() == CertificateStatus.ACTIVE) {
                throw IotServiceException.of(IotErrorType.CERTIFICATE_STATE, "The certificate is ACTIVE: "
                        + "deactivate it first (UpdateCertificate newStatus=INACTIVE)");
            }
            if (!principalThings.getOrDefault(arn, Set.of()).isEmpty()) {
                throw IotServiceException.of(IotErrorType.DELETE_CONFLICT, "The certificate is attached to things "
                        + principalThings.get(arn) + ": detach it first (DetachThingPrincipal)");
            }
            Set<String> attached = targetPolicies.getOrDefault(arn, Set.of());
            if (!attached.isEmpty() && !forceDelete) {
                throw IotServiceException.of(IotErrorType.DELETE_CONFLICT, "The certificate has attached policies "
                        + attached + ": detach them first, or delete with forceDelete=true");
            }
            targetPolicies.remove(arn);
            certificates.remove(certificate.id());
            if (!caCertificates.containsKey(certificate.id())) {
                parsed.remove(certificate.id());
            }
            return null;
        });
    }

    /** The parsed certificate of a registered device certificate or CA, or {@code null}. */
    public X509Certificate parsedCertificate(String id) {
        return read(() -> parsed.get(id));
    }

    // ---------------------------------------------------------------- auto-registration (JITR / JITP)

    /**
     * What the credentials endpoint learns about a presented certificate: already registered, newly
     * auto-registered PENDING_ACTIVATION under an eligible CA, or not usable at all.
     *
     * @param certificate the registered certificate, or {@code null} when {@link #refusal} is set
     * @param newlyRegistered true when this call registered it
     * @param caCertificate the CA it was auto-registered under (newly registered only)
     * @param refusal why it cannot be used, or {@code null}
     */
    public record AutoRegistration(CertificateEntry certificate, boolean newlyRegistered,
            CaCertificateEntry caCertificate, String refusal) {
    }

    /**
     * Looks up a presented certificate and, when it is unknown but signed by an ACTIVE CA with
     * auto-registration enabled, registers it PENDING_ACTIVATION (reference section 5.3 step 1 and 4.2).
     *
     * @param leaf the client certificate
     * @param presentedChain every certificate the client sent (leaf first)
     */
    public AutoRegistration autoRegister(X509Certificate leaf, List<X509Certificate> presentedChain) {
        String id = X509Certificates.id(leaf);
        CertificateEntry known = findCertificate(id);
        if (known != null) {
            return new AutoRegistration(known, false, null, null);
        }
        return write(() -> {
            CertificateEntry again = certificates.get(id);
            if (again != null) {
                return new AutoRegistration(again, false, null, null);
            }
            try {
                leaf.checkValidity(new Date(now()));
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                return new AutoRegistration(null, false, null, "the certificate is outside its validity period");
            }
            List<CaCertificateEntry> signers = signersOf(leaf);
            if (signers.isEmpty()) {
                return new AutoRegistration(null, false, null, "no registered CA signed the certificate");
            }
            Set<String> presented = new LinkedHashSet<>();
            presentedChain.forEach(c -> presented.add(X509Certificates.id(c)));
            String refusal = null;
            for (CaCertificateEntry ca : signers) {
                if (ca.status() != CaCertificateStatus.ACTIVE) {
                    refusal = "its CA " + ca.id() + " is INACTIVE";
                } else if (ca.autoRegistrationStatus() != AutoRegistrationStatus.ENABLE) {
                    refusal = "its CA " + ca.id() + " does not allow auto-registration";
                } else if (ca.mode() == CertificateMode.DEFAULT && !presented.contains(ca.id())) {
                    refusal = "its CA " + ca.id() + " is in DEFAULT mode and the client did not send the CA "
                            + "certificate in its chain";
                } else {
                    CertificateEntry entry = store(leaf, ca.id(), ca.mode(), CertificateStatus.PENDING_ACTIVATION);
                    return new AutoRegistration(entry, true, ca, null);
                }
            }
            return new AutoRegistration(null, false, null, refusal);
        });
    }

    /** The JITP configuration that applies to a certificate's CA: inline, or the named template's default. */
    public ResolvedTemplate jitpTemplateFor(String caCertificateId) {
        return read(() -> {
            CaCertificateEntry ca = caCertificates.get(caCertificateId);
            if (ca == null || ca.registrationConfig() == null || (ca.registrationConfig().templateBody() == null
                    && ca.registrationConfig().templateName() == null)) {
                return null;
            }
            RegistrationConfig config = ca.registrationConfig();
            if (config.templateName() != null) {
                ProvisioningTemplateEntry template = templates.get(config.templateName());
                if (template == null) {
                    return new ResolvedTemplate(null, null, "the provisioning template '" + config.templateName()
                            + "' no longer exists");
                }
                return new ResolvedTemplate(template.defaultBody(), template.provisioningRoleArn(), null);
            }
            return new ResolvedTemplate(config.templateBody(), config.roleArn(), null);
        });
    }

    /** A template body to apply and the role that applies it, or why there is none. */
    public record ResolvedTemplate(String body, String roleArn, String problem) {
    }

    /**
     * Applies a JITP plan (rendered by {@code io.jitp.template.TemplateEngine}) to a PENDING_ACTIVATION
     * certificate, all or nothing, in the JITP order of reference section 4.2: thing (created, or updated per its
     * override settings), policies (created from documents or found by name) attached to the certificate, the
     * certificate attached to the thing, and the certificate's status.
     *
     * @return the certificate after provisioning
     * @throws IotServiceException when a resource cannot be provisioned; nothing has changed then
     */
    public CertificateEntry applyProvisioning(String certificateId, ProvisioningPlan plan) {
        return write(() -> {
            CertificateEntry certificate = requireCertificate(certificateId);
            if (certificate.status() != CertificateStatus.PENDING_ACTIVATION) {
                throw IotServiceException.of(IotErrorType.CERTIFICATE_STATE, "The certificate is "
                        + certificate.status() + ", not PENDING_ACTIVATION: nothing to provision");
            }
            if (plan.certificate().certificateId() != null
                    && !plan.certificate().certificateId().equals(certificate.id())) {
                throw IotServiceException.invalid("The plan was rendered for the certificate "
                        + plan.certificate().certificateId() + ", not " + certificate.id());
            }
            String arn = account.certificateArn(certificate.id());
            // Check everything first, then change: a failing plan leaves no trace.
            ThingEntry thing = plan.thing() == null ? null : plannedThing(plan.thing());
            List<PolicyEntry> newPolicies = new ArrayList<>();
            List<String> policyNames = new ArrayList<>();
            for (ProvisioningPlan.Policy policy : plan.policies()) {
                String name = policy.policyName();
                if (!policy.creates()) {
                    if (!policies.containsKey(name)) {
                        throw IotServiceException.notFound("The template names the policy '" + name
                                + "', which does not exist: create it first");
                    }
                } else {
                    IotPolicyDocument.parse(policy.policyDocument());
                    PolicyEntry existing = policies.get(name);
                    if (existing == null) {
                        long now = now();
                        newPolicies.add(new PolicyEntry(name, policy.policyDocument(), "1", now, now,
                                newGenerationId(), List.of()));
                    } else if (!existing.document().equals(policy.policyDocument())) {
                        throw IotServiceException.of(IotErrorType.RESOURCE_ALREADY_EXISTS, "The template creates "
                                + "the policy '" + name + "', which exists with another document");
                    }
                }
                policyNames.add(name);
            }
            Set<String> attached = new LinkedHashSet<>(targetPolicies.getOrDefault(arn, Set.of()));
            attached.addAll(policyNames);
            if (attached.size() > MAX_POLICIES_PER_TARGET) {
                throw IotServiceException.of(IotErrorType.LIMIT_EXCEEDED, "The certificate would have more than "
                        + MAX_POLICIES_PER_TARGET + " policies");
            }
            if (thing != null) {
                checkAttachable(thing.name(), arn, "NON_EXCLUSIVE_THING");
            }
            CertificateStatus status;
            try {
                status = CertificateStatus.valueOf(plan.certificate().status());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw IotServiceException.invalid("The template sets the certificate status '"
                        + plan.certificate().status() + "': use ACTIVE or INACTIVE");
            }
            // Apply.
            newPolicies.forEach(p -> policies.put(p.name(), p));
            targetPolicies.put(arn, attached);
            if (thing != null) {
                things.put(thing.name(), thing);
                attach(thing.name(), arn, "NON_EXCLUSIVE_THING");
            }
            CertificateEntry provisioned = withStatus(certificate, status);
            certificates.put(provisioned.id(), provisioned);
            return provisioned;
        });
    }

    private ThingEntry plannedThing(ProvisioningPlan.Thing plan) {
        requireThingName(plan.thingName());
        if (plan.thingTypeName() != null) {
            throw IotServiceException.notFound("The template names the thing type '" + plan.thingTypeName()
                    + "': the emulator has no thing types; remove ThingTypeName");
        }
        if (!plan.thingGroups().isEmpty()) {
            throw IotServiceException.notFound("The template names the thing groups " + plan.thingGroups()
                    + ": the emulator has no thing groups; remove ThingGroups");
        }
        if (plan.billingGroup() != null) {
            throw IotServiceException.notFound("The template names the billing group '" + plan.billingGroup()
                    + "': the emulator has no billing groups; remove BillingGroup");
        }
        ThingEntry existing = things.get(plan.thingName());
        if (existing == null) {
            checkAttributes(plan.attributes(), null);
            return new ThingEntry(plan.thingName(), UUID.randomUUID().toString(), null, plan.attributes(), 1, null,
                    now());
        }
        OverrideAction action = plan.overrideFor(OverridableProperty.ATTRIBUTE_PAYLOAD);
        Map<String, String> attributes = switch (action) {
            case REPLACE -> plan.attributes();
            case MERGE -> {
                Map<String, String> merged = new TreeMap<>(existing.attributes());
                merged.putAll(plan.attributes());
                yield merged;
            }
            case FAIL -> {
                if (!existing.attributes().equals(plan.attributes())) {
                    throw IotServiceException.of(IotErrorType.RESOURCE_ALREADY_EXISTS, "The thing '"
                            + plan.thingName() + "' exists with other attributes and the template's override "
                            + "setting is FAIL");
                }
                yield existing.attributes();
            }
            case DO_NOTHING -> existing.attributes();
        };
        if (attributes.equals(existing.attributes())) {
            return existing;
        }
        checkAttributes(attributes, existing.typeName());
        return new ThingEntry(existing.name(), existing.id(), existing.typeName(), attributes, existing.version() + 1,
                existing.billingGroupName(), existing.createdMillis());
    }

    // ---------------------------------------------------------------- things

    private static void requireThingName(String name) {
        if (name == null || !THING_NAME.matcher(name).matches()) {
            throw IotServiceException.invalid("thingName '" + name + "' must be 1 to 128 characters of "
                    + "[a-zA-Z0-9:_-]");
        }
    }

    private static void checkAttributes(Map<String, String> attributes, String typeName) {
        if (typeName == null && attributes.size() > MAX_ATTRIBUTES_WITHOUT_TYPE) {
            throw IotServiceException.invalid("A thing without a thing type has at most "
                    + MAX_ATTRIBUTES_WITHOUT_TYPE + " attributes; " + attributes.size() + " were given");
        }
    }

    /** CreateThing: idempotent for the same configuration, ResourceAlreadyExists for another. */
    public ThingEntry createThing(String name, String typeName, Map<String, String> attributes,
            String billingGroupName) {
        requireThingName(name);
        Map<String, String> attrs = attributes == null ? Map.of() : attributes;
        return write(() -> {
            if (typeName != null) {
                throw IotServiceException.notFound("The thing type '" + typeName + "' does not exist "
                        + "(the emulator has no thing types)");
            }
            if (billingGroupName != null) {
                throw IotServiceException.notFound("The billing group '" + billingGroupName + "' does not exist "
                        + "(the emulator has no billing groups)");
            }
            checkAttributes(attrs, null);
            ThingEntry existing = things.get(name);
            if (existing != null) {
                if (existing.attributes().equals(new TreeMap<>(attrs)) && existing.typeName() == null
                        && existing.billingGroupName() == null) {
                    return existing;
                }
                throw IotServiceException.alreadyExists("The thing '" + name + "' exists with another "
                        + "configuration", existing.id(), account.thingArn(name));
            }
            ThingEntry thing = new ThingEntry(name, UUID.randomUUID().toString(), null, attrs, 1, null, now());
            things.put(name, thing);
            return thing;
        });
    }

    /** DescribeThing. */
    public ThingEntry thing(String name) {
        return read(() -> requireThing(name));
    }

    /** The thing, or {@code null}. */
    public ThingEntry findThing(String name) {
        return read(() -> things.get(name));
    }

    private ThingEntry requireThing(String name) {
        ThingEntry thing = things.get(name);
        if (thing == null) {
            throw IotServiceException.notFound("The thing '" + name + "' does not exist");
        }
        return thing;
    }

    /** ListThings, by name, filtered as the query asks. */
    public List<ThingEntry> things(String attributeName, String attributeValue, boolean usePrefix,
            String thingTypeName) {
        return read(() -> things.values().stream().filter(thing -> {
            if (thingTypeName != null && !thingTypeName.equals(thing.typeName())) {
                return false;
            }
            if (attributeName == null) {
                return true;
            }
            String value = thing.attributes().get(attributeName);
            if (value == null) {
                return false;
            }
            if (attributeValue == null) {
                return true;
            }
            return usePrefix ? value.startsWith(attributeValue) : value.equals(attributeValue);
        }).toList());
    }

    /** DeleteThing: succeeds for a missing thing; refused while principals are attached. */
    public void deleteThing(String name, Long expectedVersion) {
        write(() -> {
            ThingEntry thing = things.get(name);
            if (thing == null) {
                return null;
            }
            if (expectedVersion != null && expectedVersion != thing.version()) {
                throw IotServiceException.of(IotErrorType.VERSION_CONFLICT, "The thing '" + name + "' is at version "
                        + thing.version() + ", not " + expectedVersion);
            }
            if (!thingPrincipals.getOrDefault(name, Map.of()).isEmpty()) {
                throw IotServiceException.invalid("Cannot delete thing " + name + ": it is still attached to one or "
                        + "more principals (DetachThingPrincipal first)");
            }
            things.remove(name);
            thingPrincipals.remove(name);
            return null;
        });
    }

    /** AttachThingPrincipal. */
    public void attachThingPrincipal(String thingName, String principal, String type) {
        String attachmentType = type == null ? "NON_EXCLUSIVE_THING" : type;
        if (!attachmentType.equals("NON_EXCLUSIVE_THING") && !attachmentType.equals("EXCLUSIVE_THING")) {
            throw IotServiceException.invalid("thingPrincipalType must be EXCLUSIVE_THING or NON_EXCLUSIVE_THING");
        }
        write(() -> {
            requireThing(thingName);
            requirePrincipal(principal);
            checkAttachable(thingName, principal, attachmentType);
            attach(thingName, principal, attachmentType);
            return null;
        });
    }

    private void checkAttachable(String thingName, String principal, String type) {
        for (String other : principalThings.getOrDefault(principal, Set.of())) {
            if (other.equals(thingName)) {
                continue;
            }
            String otherType = thingPrincipals.get(other).get(principal);
            if (type.equals("EXCLUSIVE_THING") || "EXCLUSIVE_THING".equals(otherType)) {
                throw IotServiceException.invalid("The principal is attached to the thing '" + other
                        + "' and an EXCLUSIVE_THING attachment allows only one thing");
            }
        }
    }

    private void attach(String thingName, String principal, String type) {
        thingPrincipals.computeIfAbsent(thingName, k -> new LinkedHashMap<>()).put(principal, type);
        principalThings.computeIfAbsent(principal, k -> new LinkedHashSet<>()).add(thingName);
    }

    private void requirePrincipal(String principal) {
        if (principal == null || principal.isBlank()) {
            throw IotServiceException.invalid("The principal header x-amzn-principal is required: give a "
                    + "certificate ARN");
        }
        String certificateId = account.certificateIdOf(principal);
        if (certificateId == null) {
            throw IotServiceException.invalid("The principal must be a certificate ARN of this account ("
                    + account.certificateArn("<certificateId>") + ")");
        }
        if (!certificates.containsKey(certificateId)) {
            throw IotServiceException.notFound("The certificate '" + certificateId + "' does not exist");
        }
    }

    /** DetachThingPrincipal. */
    public void detachThingPrincipal(String thingName, String principal) {
        write(() -> {
            requireThing(thingName);
            if (principal == null || principal.isBlank()) {
                throw IotServiceException.invalid("The principal header x-amzn-principal is required");
            }
            Map<String, String> attached = thingPrincipals.get(thingName);
            if (attached != null) {
                attached.remove(principal);
                if (attached.isEmpty()) {
                    thingPrincipals.remove(thingName);
                }
            }
            Set<String> thingsOf = principalThings.get(principal);
            if (thingsOf != null) {
                thingsOf.remove(thingName);
                if (thingsOf.isEmpty()) {
                    principalThings.remove(principal);
                }
            }
            return null;
        });
    }

    /** ListThingPrincipals. */
    public List<String> thingPrincipals(String thingName) {
        return read(() -> {
            requireThing(thingName);
            return List.copyOf(thingPrincipals.getOrDefault(thingName, Map.of()).keySet());
        });
    }

    /** ListPrincipalThings. */
    public List<String> principalThings(String principal) {
        return read(() -> {
            requirePrincipal(principal);
            return List.copyOf(principalThings.getOrDefault(principal, Set.of()));
        });
    }

    /** Whether the thing exists and the principal is attached to it. */
    public boolean isAttached(String thingName, String principal) {
        return read(() -> thingPrincipals.getOrDefault(thingName, Map.of()).containsKey(principal));
    }

    // ---------------------------------------------------------------- policies

    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");

    /** CreatePolicy. */
    public PolicyEntry createPolicy(String name, String document, List<Tag> tags) {
        requirePolicyName(name);
        IotPolicyDocument.parse(document);
        return write(() -> {
            if (policies.containsKey(name)) {
                throw IotServiceException.alreadyExists("The policy '" + name + "' already exists", name,
                        account.policyArn(name));
            }
            long now = now();
            PolicyEntry policy = new PolicyEntry(name, document, "1", now, now, newGenerationId(), tags);
            policies.put(name, policy);
            return policy;
        });
    }

    private static void requirePolicyName(String name) {
        if (name == null || !POLICY_NAME.matcher(name).matches()) {
            throw IotServiceException.invalid("policyName '" + name + "' must be 1 to 128 characters of "
                    + "[\\w+=,.@-]");
        }
    }

    /** GetPolicy. */
    public PolicyEntry policy(String name) {
        return read(() -> requirePolicy(name));
    }

    private PolicyEntry requirePolicy(String name) {
        PolicyEntry policy = policies.get(name);
        if (policy == null) {
            throw IotServiceException.notFound("The policy '" + name + "' does not exist");
        }
        return policy;
    }

    /** ListPolicies, by name. */
    public List<PolicyEntry> policies() {
        return read(() -> List.copyOf(policies.values()));
    }

    /** DeletePolicy: refused while attached. */
    public void deletePolicy(String name) {
        write(() -> {
            requirePolicy(name);
            List<String> targets = targetPolicies.entrySet()
                    .stream()
                    .filter(e -> e.getValue().contains(name))
                    .map(Map.Entry::getKey)
                    .toList();
            if (!targets.isEmpty()) {
                throw IotServiceException.of(IotErrorType.DELETE_CONFLICT, "The policy '" + name + "' is attached to "
                        + targets.size() + " target(s): detach it first (DetachPolicy)");
            }
            policies.remove(name);
            return null;
        });
    }

    /** AttachPolicy. */
    public void attachPolicy(String name, String target) {
        write(() -> {
            requirePolicy(name);
            requireTarget(target);
            Set<String> attached = targetPolicies.computeIfAbsent(target, k -> new LinkedHashSet<>());
            if (!attached.contains(name) && attached.size() >= MAX_POLICIES_PER_TARGET) {
                throw IotServiceException.of(IotErrorType.LIMIT_EXCEEDED, "The target already has "
                        + MAX_POLICIES_PER_TARGET + " policies");
            }
            attached.add(name);
            return null;
        });
    }

    private void requireTarget(String target) {
        if (target == null || target.isBlank()) {
            throw IotServiceException.invalid("target is required: give a certificate ARN");
        }
        String certificateId = account.certificateIdOf(target);
        if (certificateId != null) {
            if (!certificates.containsKey(certificateId)) {
                throw IotServiceException.notFound("The certificate '" + certificateId + "' does not exist");
            }
            return;
        }
        if (target.contains(":thinggroup/")) {
            throw IotServiceException.notFound("The thing group in '" + target + "' does not exist (the emulator "
                    + "has no thing groups)");
        }
        if (!target.matches("[a-z]{2}(-[a-z]+)+-[0-9]+:[0-9a-f-]{36}")) {
            throw IotServiceException.invalid("target must be a certificate ARN of this account ("
                    + account.certificateArn("<certificateId>") + ") or a Cognito identity id");
        }
    }

    /** DetachPolicy. */
    public void detachPolicy(String name, String target) {
        write(() -> {
            if (target == null || target.isBlank()) {
                throw IotServiceException.invalid("target is required: give a certificate ARN");
            }
            Set<String> attached = targetPolicies.get(target);
            if (attached != null) {
                attached.remove(name);
                if (attached.isEmpty()) {
                    targetPolicies.remove(target);
                }
            }
            return null;
        });
    }

    /** ListAttachedPolicies. */
    public List<PolicyEntry> attachedPolicies(String target) {
        return read(() -> {
            requireTarget(target);
            return targetPolicies.getOrDefault(target, Set.of())
                    .stream()
                    .map(policies::get)
                    .filter(Objects::nonNull)
                    .toList();
        });
    }

    // ---------------------------------------------------------------- role aliases

    private static final Pattern ROLE_ALIAS = Pattern.compile("[\\w=,@-]{1,128}");

    private static void requireAliasName(String alias) {
        if (alias == null || !ROLE_ALIAS.matcher(alias).matches()) {
            throw IotServiceException.invalid("roleAlias '" + alias + "' must be 1 to 128 characters of [\\w=,@-]");
        }
    }

    private static void requireDuration(Integer seconds) {
        if (seconds != null && (seconds < 900 || seconds > 43200)) {
            throw IotServiceException.invalid("credentialDurationSeconds must be between 900 and 43200; got "
                    + seconds);
        }
    }

    /** CreateRoleAlias. */
    public RoleAliasEntry createRoleAlias(String alias, String roleArn, Integer durationSeconds, List<Tag> tags) {
        requireAliasName(alias);
        requireRoleArn(roleArn, "roleArn");
        requireDuration(durationSeconds);
        return write(() -> {
            if (roleAliases.containsKey(alias)) {
                throw IotServiceException.alreadyExists("The role alias '" + alias + "' already exists", alias,
                        account.roleAliasArn(alias));
            }
            long now = now();
            RoleAliasEntry entry = new RoleAliasEntry(alias, roleArn, durationSeconds == null ? 3600 : durationSeconds,
                    now, now, tags);
            roleAliases.put(alias, entry);
            return entry;
        });
    }

    /** DescribeRoleAlias. */
    public RoleAliasEntry roleAlias(String alias) {
        return read(() -> requireAlias(alias));
    }

    /** The role alias, or {@code null}. */
    public RoleAliasEntry findRoleAlias(String alias) {
        return read(() -> roleAliases.get(alias));
    }

    private RoleAliasEntry requireAlias(String alias) {
        RoleAliasEntry entry = roleAliases.get(alias);
        if (entry == null) {
            throw IotServiceException.notFound("The role alias '" + alias + "' does not exist");
        }
        return entry;
    }

    /** ListRoleAliases, by name. */
    public List<RoleAliasEntry> roleAliases() {
        return read(() -> List.copyOf(roleAliases.values()));
    }

    /** UpdateRoleAlias. */
    public RoleAliasEntry updateRoleAlias(String alias, String roleArn, Integer durationSeconds) {
        if (roleArn != null) {
            requireRoleArn(roleArn, "roleArn");
        }
        requireDuration(durationSeconds);
        return write(() -> {
            RoleAliasEntry current = requireAlias(alias);
            RoleAliasEntry updated = new RoleAliasEntry(alias, roleArn != null ? roleArn : current.roleArn(),
                    durationSeconds != null ? durationSeconds : current.credentialDurationSeconds(),
                    current.createdMillis(), now(), current.tags());
            roleAliases.put(alias, updated);
            return updated;
        });
    }

    /** DeleteRoleAlias. */
    public void deleteRoleAlias(String alias) {
        write(() -> {
            requireAlias(alias);
            roleAliases.remove(alias);
            return null;
        });
    }

    // ---------------------------------------------------------------- provisioning templates

    private static final Pattern TEMPLATE_NAME = Pattern.compile("[0-9A-Za-z_-]{1,36}");

    private static void requireTemplateName(String name) {
        if (name == null || !TEMPLATE_NAME.matcher(name).matches()) {
            throw IotServiceException.invalid("templateName '" + name + "' must be 1 to 36 characters of "
                    + "[0-9A-Za-z_-]");
        }
    }

    private static void requireDescription(String description) {
        if (description != null && description.length() > 500) {
            throw IotServiceException.invalid("description must be at most 500 characters");
        }
    }

    private void requireBody(String body, TemplateType type, String member) {
        if (body == null) {
            throw IotServiceException.invalid(member + " is required");
        }
        if (body.length() > 10240) {
            throw IotServiceException.invalid(member + " must be at most 10240 characters; it has "
                    + body.length());
        }
        templateValidator.validate(body, type, member);
    }

    private static void requireHook(ProvisioningHook hook) {
        if (hook == null) {
            return;
        }
        if (hook.targetArn() == null || hook.targetArn().isBlank()) {
            throw IotServiceException.invalid("preProvisioningHook.targetArn is required");
        }
        if (hook.payloadVersion() != null && !hook.payloadVersion().matches("[0-9-]{10,32}")) {
            throw IotServiceException.invalid("preProvisioningHook.payloadVersion must look like 2020-04-01");
        }
    }

    /** CreateProvisioningTemplate. */
    public ProvisioningTemplateEntry createTemplate(String name, String description, String body, Boolean enabled,
            String provisioningRoleArn, ProvisioningHook hook, List<Tag> tags, TemplateType type) {
        requireTemplateName(name);
        requireDescription(description);
        TemplateType templateType = type == null ? TemplateType.FLEET_PROVISIONING : type;
        requireRoleArn(provisioningRoleArn, "provisioningRoleArn");
        if (hook != null && templateType == TemplateType.JITP) {
            throw IotServiceException.invalid("preProvisioningHook is only for FLEET_PROVISIONING templates");
        }
        requireHook(hook);
        requireBody(body, templateType, "templateBody");
        return write(() -> {
            if (templates.containsKey(name)) {
                throw IotServiceException.alreadyExists("The provisioning template '" + name + "' already exists",
                        name, account.provisioningTemplateArn(name));
            }
            long now = now();
            ProvisioningTemplateEntry entry = new ProvisioningTemplateEntry(name, description,
                    Boolean.TRUE.equals(enabled), provisioningRoleArn, templateType, hook, now, now, 1,
                    List.of(new TemplateVersion(1, body, now)), tags);
            templates.put(name, entry);
            return entry;
        });
    }

    /** DescribeProvisioningTemplate. */
    public ProvisioningTemplateEntry template(String name) {
        return read(() -> requireTemplate(name));
    }

    private ProvisioningTemplateEntry requireTemplate(String name) {
        ProvisioningTemplateEntry entry = templates.get(name);
        if (entry == null) {
            throw IotServiceException.notFound("The provisioning template '" + name + "' does not exist");
        }
        return entry;
    }

    /** ListProvisioningTemplates, by name. */
    public List<ProvisioningTemplateEntry> templates() {
        return read(() -> List.copyOf(templates.values()));
    }

    /** UpdateProvisioningTemplate: every argument is optional. */
    public ProvisioningTemplateEntry updateTemplate(String name, String description, Boolean enabled,
            Integer defaultVersionId, String provisioningRoleArn, ProvisioningHook hook,
            boolean removePreProvisioningHook) {
        requireDescription(description);
        if (provisioningRoleArn != null) {
            requireRoleArn(provisioningRoleArn, "provisioningRoleArn");
        }
        requireHook(hook);
        return write(() -> {
            ProvisioningTemplateEntry current = requireTemplate(name);
            if (hook != null && current.type() == TemplateType.JITP) {
                throw IotServiceException.invalid("preProvisioningHook is only for FLEET_PROVISIONING templates");
            }
            if (hook != null && removePreProvisioningHook) {
                throw IotServiceException.invalid("Give preProvisioningHook or removePreProvisioningHook, not both");
            }
            if (defaultVersionId != null
                    && current.versions().stream().noneMatch(v -> v.versionId() == defaultVersionId)) {
                throw IotServiceException.notFound("The provisioning template '" + name + "' has no version "
                        + defaultVersionId);
            }
            ProvisioningTemplateEntry updated = new ProvisioningTemplateEntry(name,
                    description != null ? description : current.description(),
                    enabled != null ? enabled : current.enabled(),
                    provisioningRoleArn != null ? provisioningRoleArn : current.provisioningRoleArn(), current.type(),
                    removePreProvisioningHook ? null : hook != null ? hook : current.preProvisioningHook(),
                    current.createdMillis(), now(),
                    defaultVersionId != null ? defaultVersionId : current.defaultVersionId(), current.versions(),
                    current.tags());
            templates.put(name, updated);
            return updated;
        });
    }

    /** DeleteProvisioningTemplate: refused while a CA's registration config names it. */
    public void deleteTemplate(String name) {
        write(() -> {
            requireTemplate(name);
            List<String> users = caCertificates.values()
                    .stream()
                    .filter(ca -> ca.registrationConfig() != null
                            && name.equals(ca.registrationConfig().templateName()))
                    .map(CaCertificateEntry::id)
                    .toList();
            if (!users.isEmpty()) {
                throw IotServiceException.of(IotErrorType.DELETE_CONFLICT, "The provisioning template '" + name
                        + "' is used by the CA certificate(s) " + users + ": change their registrationConfig first");
            }
            templates.remove(name);
            return null;
        });
    }

    /** CreateProvisioningTemplateVersion. */
    public TemplateVersion createTemplateVersion(String name, String body, boolean setAsDefault) {
        return write(() -> {
            ProvisioningTemplateEntry current = requireTemplate(name);
            requireBody(body, current.type(), "templateBody");
            if (current.versions().size() >= MAX_TEMPLATE_VERSIONS) {
                throw IotServiceException.of(IotErrorType.VERSIONS_LIMIT_EXCEEDED, "The provisioning template '"
                        + name + "' has " + MAX_TEMPLATE_VERSIONS + " versions: delete one first");
            }
            int next = current.versions().stream().mapToInt(TemplateVersion::versionId).max().orElse(0) + 1;
            long now = now();
            TemplateVersion version = new TemplateVersion(next, body, now);
            List<TemplateVersion> versions = new ArrayList<>(current.versions());
            versions.add(version);
            templates.put(name, new ProvisioningTemplateEntry(name, current.description(), current.enabled(),
                    current.provisioningRoleArn(), current.type(), current.preProvisioningHook(),
                    current.createdMillis(), now, setAsDefault ? next : current.defaultVersionId(), versions,
                    current.tags()));
            return version;
        });
    }

    /** DescribeProvisioningTemplateVersion. */
    public TemplateVersion templateVersion(String name, int versionId) {
        return read(() -> requireTemplate(name).versions()
                .stream()
                .filter(v -> v.versionId() == versionId)
                .findFirst()
                .orElseThrow(() -> IotServiceException.notFound("The provisioning template '" + name
                        + "' has no version " + versionId)));
    }

    /** DeleteProvisioningTemplateVersion: refused for the default version. */
    public void deleteTemplateVersion(String name, int versionId) {
        write(() -> {
            ProvisioningTemplateEntry current = requireTemplate(name);
            templateVersion(name, versionId);
            if (current.defaultVersionId() == versionId) {
                throw IotServiceException.of(IotErrorType.DELETE_CONFLICT, "Version " + versionId
                        + " is the default version: make another version the default first");
            }
            List<TemplateVersion> versions = current.versions()
                    .stream()
                    .filter(v -> v.versionId() != versionId)
                    .toList();
            templates.put(name, new ProvisioningTemplateEntry(name, current.description(), current.enabled(),
                    current.provisioningRoleArn(), current.type(), current.preProvisioningHook(),
                    current.createdMillis(), now(), current.defaultVersionId(), versions, current.tags()));
            return null;
        });
    }

    // ---------------------------------------------------------------- sessions

    /**
     * Records temporary credentials so that STS can check them later. Sessions are forgotten a day after they
     * expire; until then STS answers ExpiredToken for them rather than InvalidClientTokenId.
     */
    public void addSession(SessionEntry session) {
        write(() -> {
            long forgetBefore = now() - SESSION_MEMORY_MILLIS;
            sessions.values().removeIf(s -> s.expirationMillis() <= forgetBefore);
            sessions.put(session.accessKeyId(), session);
            return null;
        });
    }

    /** The session with this access key id, expired or not, or {@code null}. */
    public SessionEntry session(String accessKeyId) {
        return read(() -> sessions.get(accessKeyId));
    }

    // ---------------------------------------------------------------- snapshots

    /** A consistent copy of everything, for persistence. */
    public Snapshot snapshot() {
        return read(() -> {
            List<ThingPrincipal> principals = new ArrayList<>();
            thingPrincipals.forEach((thing, attached) -> attached
                    .forEach((principal, type) -> principals.add(new ThingPrincipal(thing, principal, type))));
            List<PolicyAttachment> attachments = new ArrayList<>();
            targetPolicies.forEach((target, names) -> names
                    .forEach(name -> attachments.add(new PolicyAttachment(target, name))));
            long now = now();
            return new Snapshot(Snapshot.FORMAT, account.region(), account.accountId(), rootKey.accessKeyId(),
                    rootKey.secretAccessKey(), registrationCode, List.copyOf(caCertificates.values()),
                    List.copyOf(certificates.values()), List.copyOf(things.values()), principals,
                    List.copyOf(policies.values()), attachments, List.copyOf(roleAliases.values()),
                    List.copyOf(templates.values()),
                    sessions.values().stream().filter(s -> s.expirationMillis() > now - SESSION_MEMORY_MILLIS)
                            .toList());
        });
    }

    /** Replaces everything with a snapshot (at start, before any request). */
    public void restore(Snapshot snapshot) {
        if (!account.region().equals(snapshot.region()) || !account.accountId().equals(snapshot.accountId())) {
            throw new IllegalArgumentException("the snapshot belongs to account " + snapshot.accountId()
                    + " in " + snapshot.region() + ", not " + account.accountId() + " in " + account.region());
        }
        write(() -> {
            registrationCode = snapshot.registrationCode();
            snapshot.caCertificates().forEach(ca -> {
                caCertificates.put(ca.id(), ca);
                parsed.put(ca.id(), X509Certificates.parse(ca.pem(), "snapshot"));
            });
            snapshot.certificates().forEach(c -> {
                certificates.put(c.id(), c);
                parsed.put(c.id(), X509Certificates.parse(c.pem(), "snapshot"));
            });
            snapshot.things().forEach(t -> things.put(t.name(), t));
            snapshot.thingPrincipals().forEach(p -> attach(p.thingName(), p.principal(), p.type()));
            snapshot.policies().forEach(p -> policies.put(p.name(), p));
            snapshot.policyAttachments()
                    .forEach(a -> targetPolicies.computeIfAbsent(a.target(), k -> new LinkedHashSet<>())
                            .add(a.policyName()));
            snapshot.roleAliases().forEach(a -> roleAliases.put(a.alias(), a));
            snapshot.provisioningTemplates().forEach(t -> templates.put(t.name(), t));
            snapshot.sessions().forEach(s -> sessions.put(s.accessKeyId(), s));
            return null;
        });
    }
}
