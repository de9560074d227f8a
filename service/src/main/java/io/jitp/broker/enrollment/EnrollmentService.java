package io.jitp.broker.enrollment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.jitp.broker.ca.CaService;
import io.jitp.broker.ca.IssuanceProfile;
import io.jitp.broker.security.ApiTokens;
import io.jitp.broker.security.Audit;
import io.jitp.broker.store.CaRecord;
import io.jitp.broker.store.CaStore;
import io.jitp.broker.store.Database;
import io.jitp.broker.store.DeviceRecord;
import io.jitp.broker.store.DeviceStore;
import io.jitp.broker.store.FleetRecord;
import io.jitp.broker.store.FleetStore;
import io.jitp.broker.store.RegistrationRecord;
import io.jitp.broker.store.TokenRecord;
import io.jitp.broker.store.TokenStore;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.Csr;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.IssueRequest;
import io.jitp.pki.IssuedCertificate;
import io.jitp.pki.KeyAndCertificate;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.KeyType;

/**
 * Enrollment: a device (or a factory line) presents an enrollment token and a CSR, or asks for server-side key
 * generation; the broker checks the token, the CSR (proof of possession, the CA's issuance profile, CN = the
 * token's thing name) and issues with the CA's profile. Every check happens before the token is touched; the use
 * is then taken by a conditional UPDATE in the same transaction that records the certificate in the ledger (as its
 * last statement, so the token's row is locked only until the commit), so a failure never consumes a token without
 * a certificate, and a token issues exactly its number of uses.
 */
@ApplicationScoped
public class EnrollmentService {

    private static final Logger LOG = Logger.getLogger(EnrollmentService.class);

    private final TokenStore tokens;
    private final DeviceStore devices;
    private final FleetStore fleets;
    private final CaStore caStore;
    private final CaService cas;
    private final Database database;
    private final DeviceEndpoint endpoint;

    public EnrollmentService(TokenStore tokens, DeviceStore devices, FleetStore fleets, CaStore caStore,
            CaService cas, Database database, DeviceEndpoint endpoint) {
        this.tokens = tokens;
        this.devices = devices;
        this.fleets = fleets;
        this.caStore = caStore;
        this.cas = cas;
        this.database = database;
        this.endpoint = endpoint;
    }

    /**
     * Enrolls a device.
     *
     * @param secret the enrollment token from {@code Authorization: Bearer}
     */
    public EnrollmentView enroll(String secret, EnrollmentRequests.Enroll request) {
        TokenRecord token = authenticate(secret);
        String thingName = checkThing(token, request.thingName());
        FleetRecord fleet = fleets.find(token.fleetName()).orElseThrow(() -> new JitpException(Reason.CONFLICT,
                "the token's fleet " + token.fleetName() + " no longer exists", "token",
                "mint a token for an existing fleet", null, null));
        CaRecord ca = caOf(token, fleet);
        checkExpected(request, ca, fleet);
        IssuanceProfile profile = cas.profile(ca);
        IssuancePolicy policy = profile.toPolicy();
        Duration validity = Duration.ofDays(profile.validityDays() == null ? 365 : profile.validityDays());
        boolean keygen = Boolean.TRUE.equals(request.serverKeygen());
        // What the device is told, resolved before anything is spent: a failure here leaves the token unused.
        String credentialsEndpoint = endpoint.credentialsEndpoint();
        String trustBundle = endpoint.trustBundlePem();
        String region = endpoint.region();

        IssuedCertificate issued;
        char[] keyPem = null;
        String sealed = null;
        CertificateAuthority authority = cas.authority(ca);
        if (keygen) {
            if (!token.serverKeygen()) {
                throw JitpException.forbidden("serverKeygen", "this enrollment token does not allow server-side "
                        + "key generation",
                        "send a CSR made with the device's own key, or mint a token with "
                                + "serverKeygen");
            }
            if (request.csr() != null) {
                throw JitpException.invalid("csr", "give a CSR or serverKeygen, not both",
                        "leave csr out to have the broker generate the key");
            }
            KeyType type = keyType(request.keyType(), profile);
            KeyAndCertificate generated;
            try {
                generated = authority.issueWithNewKey(type, thingName, null, validity, policy);
            } catch (JitpException e) {
                throw renamed(e, "");
            }
            issued = generated.certificate();
            keyPem = KeyFiles.toPem(generated.privateKey(), null).toCharArray();
            if (fleet.custodial()) {
                byte[] bytes = new String(keyPem).getBytes(StandardCharsets.US_ASCII);
                try {
                    sealed = devices.sealCustodialKey(issued.id().value(), bytes);
                } finally {
                    Arrays.fill(bytes, (byte) 0);
                }
            }
        } else {
            if (request.csr() == null || request.csr().isBlank()) {
                throw JitpException.invalid("csr", "the request has no CSR",
                        "send the device's CSR in PEM (openssl req -new -key deviceCert.key -subj /CN=" + thingName
                                + "), or serverKeygen true when the token allows it");
            }
            if (request.keyType() != null) {
                throw JitpException.invalid("keyType", "keyType is for server-side key generation only",
                        "leave keyType out; the CSR's key is used");
            }
            Csr csr = Csr.parse(request.csr().getBytes(StandardCharsets.US_ASCII), "csr");
            try {
                issued = authority.issue(new IssueRequest(csr, thingName, validity, policy));
            } catch (JitpException e) {
                throw renamed(e, "csr.");
            }
        }

        String certificatePem = issued.pem();
        DeviceRecord wanted = new DeviceRecord(thingName, issued.id().value(), issued.serialNumber().toString(16),
                ca.id(), fleet.name(), issued.notBefore(), issued.notAfter(), DeviceRecord.ACTIVE, certificatePem,
                sealed != null, token.id(), null, null);
        String sealedKey = sealed;
        // The ledger row first, the token use last: concurrent enrollments with one token serialize on its row,
        // so the row lock is held only from the UPDATE to the commit. A token with no use left rolls back both.
        DeviceRecord stored = database.transaction(connection -> {
            DeviceRecord inserted = devices.insert(connection, wanted, sealedKey);
            if (!tokens.consume(connection, token.id(), Instant.now())) {
                TokenRecord now = tokens.find(connection, token.id()).orElse(token);
                throw refused(now);
            }
            return inserted;
        });
        Audit.record("device.enrolled", "token:" + token.id(), "thing", thingName, "certificateId",
                stored.certificateId(), "ca", ca.id(), "fleet", fleet.name(), "serverKeygen", keygen, "custodial",
                sealedKey != null);
        LOG.debugf("enrolled [thing=%s, certificateId=%s]", thingName, stored.certificateId());
        String privateKey = keyPem == null ? null : new String(keyPem);
        if (keyPem != null) {
            Arrays.fill(keyPem, '\0');
        }
        return new EnrollmentView(thingName, stored.certificateId(), stored.serial(), certificatePem,
                issued.chainPem(certificatePem), ca.certificatePem(), ca.id(), fleet.name(), fleet.roleAlias(),
                credentialsEndpoint, trustBundle, region, stored.notBefore(),
                stored.notAfter(), privateKey, keygen ? sealedKey != null : null);
    }

    /** The token a secret names, if it can still issue (checked again, atomically, when the use is taken). */
    private TokenRecord authenticate(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new JitpException(Reason.UNAUTHENTICATED, "no enrollment token", "Authorization",
                    "send Authorization: Bearer <enrollment token> (jitp token create prints one)", null, null);
        }
        if (!secret.startsWith(TokenService.PREFIX) || secret.length() > 128) {
            throw new JitpException(Reason.UNAUTHENTICATED, "this is not an enrollment token", "token",
                    "use the jitpe_… token 'jitp token create' printed", null, null);
        }
        TokenRecord token = tokens.findByHash(ApiTokens.sha256(secret))
                .orElseThrow(() -> new JitpException(Reason.UNAUTHENTICATED, "the enrollment token is not known",
                        "token", "use the token 'jitp token create' printed, or mint a new one", null, null));
        if (!"ACTIVE".equals(token.state(Instant.now()))) {
            throw refused(token);
        }
        return token;
    }

    /** Why a token that exists may not issue (any more). */
    private static JitpException refused(TokenRecord token) {
        String state = token.state(Instant.now());
        String message = switch (state) {
            case "REVOKED" -> "the enrollment token " + token.id() + " was revoked";
            case "USED" -> "the enrollment token " + token.id() + " was already used"
                    + (token.maxUses() > 1 ? " " + token.maxUses() + " times, all it allows" : "");
            case "EXPIRED" -> "the enrollment token " + token.id() + " expired at " + token.expiresAt();
            default -> "the enrollment token " + token.id() + " cannot be used now";
        };
        return JitpException.forbidden("token", message, "ask an operator for a new token (jitp token create)");
    }

    private static String checkThing(TokenRecord token, String requested) {
        if (requested == null || requested.isBlank()) {
            throw JitpException.invalid("thingName", "the request has no thingName",
                    "give the thing name the token was minted for");
        }
        if (!requested.matches(IssuancePolicy.THING_NAME_PATTERN)) {
            throw JitpException.invalid("thingName", "a thing name is 1 to 128 letters, digits, : _ -",
                    "give a valid thing name");
        }
        if (token.thingName() != null && !token.thingName().equals(requested)) {
            throw JitpException.forbidden("thingName", "this enrollment token is for thing '" + token.thingName()
                    + "', not '" + requested + "'",
                    "enroll as " + token.thingName()
                            + ", or ask for a token for this thing");
        }
        if (token.thingPattern() != null && !TokenService.compile(token.thingPattern()).matcher(requested)
                .matches()) {
            throw JitpException.forbidden("thingName", "thing name '" + requested + "' does not match the "
                    + "token's pattern " + token.thingPattern(), "use a name matching " + token.thingPattern());
        }
        return requested;
    }

    /** The CA that signs: the token's pinned CA, else the current generation of the fleet's CA name. */
    private CaRecord caOf(TokenRecord token, FleetRecord fleet) {
        CaRecord ca;
        if (token.caId() != null) {
            ca = caStore.find(token.caId()).orElseThrow(() -> conflict("the token's CA " + token.caId()
                    + " no longer exists"));
        } else {
            if (fleet.caName() == null) {
                throw conflict("fleet " + fleet.name() + " has no CA");
            }
            ca = caStore.findCurrent(fleet.caName()).orElseThrow(() -> conflict("CA " + fleet.caName()
                    + " of fleet " + fleet.name() + " has no current generation"));
        }
        if (CaRecord.RETIRED.equals(ca.status()) || ca.sealedKey() == null) {
            throw conflict("CA " + ca.id() + " (" + ca.name() + ") is retired and issues nothing");
        }
        Optional<RegistrationRecord> registration = caStore.findRegistration(ca.id());
        if (registration.isEmpty() || !RegistrationRecord.REGISTERED.equals(registration.get().step())
                || !"ACTIVE".equals(registration.get().iotStatus())) {
            throw conflict("CA " + ca.name() + " (" + ca.id() + ") is not registered ACTIVE with AWS IoT, so its "
                    + "devices could not connect");
        }
        return ca;
    }

    private static JitpException conflict(String message) {
        return new JitpException(Reason.CONFLICT, message, "ca",
                "an admin must register and activate the fleet's CA (jitp ca register / jitp ca activate)", null,
                null);
    }

    private void checkExpected(EnrollmentRequests.Enroll request, CaRecord ca, FleetRecord fleet) {
        if (request.fleet() != null && !request.fleet().equals(fleet.name())) {
            throw JitpException.forbidden("fleet", "this enrollment token is for fleet " + fleet.name() + ", not "
                    + request.fleet(), "use a token of fleet " + request.fleet() + ", or leave fleet out");
        }
        if (request.ca() != null && !request.ca().equals(ca.id()) && !request.ca().equals(ca.name())) {
            throw JitpException.forbidden("ca", "this enrollment token enrolls with CA " + ca.name() + " ("
                    + ca.id() + "), not " + request.ca(), "use a token of CA " + request.ca() + ", or leave ca out");
        }
    }

    private static KeyType keyType(String label, IssuanceProfile profile) {
        List<String> allowed = profile.keyTypes();
        String chosen = label != null ? label : allowed.contains("p256") ? "p256" : allowed.get(0);
        KeyType type;
        try {
            type = KeyType.parse(chosen);
        } catch (JitpException e) {
            throw JitpException.invalid("keyType", "unknown key type '" + chosen + "'", "use one of "
                    + KeyType.labels());
        }
        if (!allowed.contains(type.label())) {
            throw JitpException.forbidden("keyType", "key type " + type.label() + " is not allowed by the CA's "
                    + "issuance profile", "use one of " + String.join(", ", allowed));
        }
        return type;
    }

    /** Names the request's fields: {@code subject.CN} of the CSR becomes {@code csr.subject.CN}. */
    private static JitpException renamed(JitpException e, String prefix) {
        String field = e.field() == null ? null : e.field().startsWith("csr") ? e.field() : prefix + e.field();
        List<JitpException.Violation> violations = e.violations() == null ? null
                : e.violations().stream().map(v -> new JitpException.Violation(
                        v.pointer() == null || v.pointer().startsWith("csr") ? v.pointer() : prefix + v.pointer(),
                        v.message(), v.fix())).toList();
        return new JitpException(e.reason(), e.getMessage(), field, e.fix(), violations, e);
    }
}
