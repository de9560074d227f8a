package io.jitp.broker.exchange;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.jitp.broker.config.BrokerConfig;
import io.jitp.broker.config.Workers;
import io.jitp.broker.enrollment.DeviceRevoked;
import io.jitp.broker.store.CaRecord;
import io.jitp.broker.store.CaStore;
import io.jitp.broker.store.DeviceRecord;
import io.jitp.broker.store.DeviceStore;
import io.jitp.broker.store.FleetRecord;
import io.jitp.broker.store.FleetStore;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.exchange.Check;
import io.jitp.exchange.CredentialsExchange;
import io.jitp.exchange.DeviceIdentity;
import io.jitp.exchange.ExchangeFailure;
import io.jitp.exchange.ExchangeKey;
import io.jitp.exchange.ExchangePolicy;
import io.jitp.exchange.ExchangeRequest;
import io.jitp.exchange.ExchangeResult;
import io.jitp.exchange.FailureClass;
import io.jitp.exchange.TemporaryCredentials;
import io.jitp.pki.CertificateId;
import io.jitp.pki.Certificates;
import io.jitp.pki.Pem;
import io.jitp.pki.SubjectField;
import io.smallrye.mutiny.Uni;

/**
 * The brokered exchange: credentials for a thing whose private key the broker holds (a custodial fleet), from the
 * cache of the common {@link CredentialsExchange} (until expiry minus {@code jitp.exchange.refresh-margin}, one
 * upstream exchange per certificate at a time, JITP-aware retries) through the fleet-wide {@link UpstreamGate}.
 *
 * <p>
 * A thing is resolved from the ledger (its current certificate, CA, fleet and role alias, the custodial key) and the
 * resolution is kept for {@value #RESOLVE_TTL_SECONDS} s, so that a cache hit touches neither the database nor a
 * worker thread: it is answered on the event loop. A revocation on this replica ({@link DeviceRevoked}) drops the
 * resolution and the cached credentials at once; another replica notices at its next resolution (the ledger says
 * REVOKED), at most {@value #RESOLVE_TTL_SECONDS} s later.
 */
@ApplicationScoped
public class BrokeredExchange {

    static final int RESOLVE_TTL_SECONDS = 30;

    private static final Logger LOG = Logger.getLogger(BrokeredExchange.class);

    private final DeviceStore devices;
    private final CaStore cas;
    private final FleetStore fleets;
    private final CredentialsEndpoints endpoints;
    private final ExchangeMetrics metrics;
    private final GuardedTransport transport;
    private final CredentialsExchange exchange;
    private final Clock clock = Clock.systemUTC();
    private final ConcurrentHashMap<String, Resolved> resolved = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Verified> verifiedDevices = new ConcurrentHashMap<>();

    public BrokeredExchange(BrokerConfig config, DeviceStore devices, CaStore cas, FleetStore fleets,
            CredentialsEndpoints endpoints, ExchangeMetrics metrics, UpstreamGate gate) {
        this.devices = devices;
        this.cas = cas;
        this.fleets = fleets;
        this.endpoints = endpoints;
        this.metrics = metrics;
        BrokerConfig.Exchange settings = config.exchange();
        this.transport = new GuardedTransport(gate, metrics, settings.callsPerSecond(), settings.queueSize());
        ExchangePolicy policy = ExchangePolicy.DEFAULTS.withRefreshMargin(settings.refreshMargin())
                .withProvisioningWindow(settings.provisioningWindow())
                .withRetryBudget(settings.retryBudget());
        this.exchange = new CredentialsExchange(transport, policy, clock);
        metrics.gauges(transport::waiting, gate::running);
    }

    /**
     * Credentials for a thing: from the cache when they have more than the refresh margin left (answered on the
     * calling thread), else from the credentials provider.
     *
     * @param thing the thing name
     * @param refresh fetch new credentials even when cached ones are still good
     */
    public Uni<DeviceCredentials> credentials(String thing, boolean refresh) {
        Resolved known = resolved.get(thing);
        if (!refresh && known != null && known.fresh(clock.instant())) {
            Optional<TemporaryCredentials> hit = exchange.cached(known.key());
            if (hit.isPresent()) {
                metrics.cacheHit();
                return Uni.createFrom().item(DeviceCredentials.of(known, hit.get(), ExchangeResult.Source.CACHE,
                        List.of(), Duration.ZERO));
            }
        }
        return Workers.run(() -> resolve(thing)).chain(resolution -> upstream(resolution, refresh));
    }

    /** Whether a device certificate passed {@link #authorizeDevice} for this thing recently (no blocking). */
    public boolean deviceVerified(String thing, X509Certificate certificate) {
        Verified known = verifiedDevices.get(Certificates.id(certificate).value());
        return known != null && known.thing().equals(thing) && known.until().isAfter(clock.instant());
    }

    /**
     * Checks a device that called with its own certificate: issued by this broker (in the ledger), for this thing
     * (ledger row and CN), unrevoked, currently valid and signed by its CA. Blocking (ledger); the outcome is
     * remembered for {@value #RESOLVE_TTL_SECONDS} s.
     */
    public void authorizeDevice(String thing, X509Certificate certificate) {
        String id = Certificates.id(certificate).value();
        DeviceRecord device = devices.findByCertificateId(id).orElseThrow(() -> JitpException.forbidden(
                "clientCertificate", "client certificate " + id + " was not issued by this broker",
                "call with a device certificate this broker enrolled, or with an operator token"));
        if (device.revoked()) {
            throw JitpException.forbidden("clientCertificate", "client certificate " + id + " of thing '"
                    + device.thingName() + "' is revoked", "enroll the device again (jitp device enroll)");
        }
        String commonName = Certificates.subjectFields(certificate).get(SubjectField.CN);
        if (!device.thingName().equals(thing) || !thing.equals(commonName)) {
            throw JitpException.forbidden("thing", "client certificate " + id + " belongs to thing '"
                    + device.thingName() + "', not '" + thing + "'", "a device may ask for its own credentials only");
        }
        X509Certificate caCertificate = caCertificate(device);
        try {
            certificate.checkValidity();
            certificate.verify(caCertificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw JitpException.forbidden("clientCertificate", "client certificate " + id
                    + " is expired, not yet valid or not signed by its CA " + device.caId(),
                    "enroll the device again (jitp device enroll)");
        }
        verifiedDevices.put(id, new Verified(thing, clock.instant().plusSeconds(RESOLVE_TTL_SECONDS)));
    }

    /** Drops what is cached for a revoked certificate: its resolution, its credentials, its verified caller. */
    void revoked(@Observes DeviceRevoked event) {
        resolved.remove(event.thingName());
        verifiedDevices.remove(event.certificateId());
        int dropped = exchange.invalidateCertificate(new CertificateId(event.certificateId()));
        LOG.infof("Cached credentials dropped after revocation [thing=%s, certificateId=%s, entries=%d]",
                event.thingName(), event.certificateId(), dropped);
    }

    /** The cache key a thing resolved to, while its resolution is kept. */
    Optional<ExchangeKey> resolvedKey(String thing) {
        return Optional.ofNullable(resolved.get(thing)).map(Resolved::key);
    }

    /** The exchange's counters (tests, metrics). */
    public CredentialsExchange exchange() {
        return exchange;
    }

    @PreDestroy
    void close() {
        exchange.close();
    }

    private Uni<DeviceCredentials> upstream(Resolved resolution, boolean refresh) {
        ExchangeRequest request = resolution.request();
        boolean firstContact = !exchange.isProvisioned(request.identity().certificateId());
        return Uni.createFrom().completionStage(() -> refresh ? exchange.refresh(request) : exchange.exchange(request))
                .onItem().transform(result -> {
                    if (result.source() == ExchangeResult.Source.CACHE) {
                        metrics.cacheHit();
                    } else {
                        metrics.cacheMiss();
                        metrics.answered("upstream");
                        if (firstContact) {
                            metrics.firstCredentials(result.took());
                        }
                    }
                    return DeviceCredentials.of(resolution, result.credentials(), result.source(), result.attempts(),
                            result.took());
                })
                .onFailure().transform(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    metrics.cacheMiss();
                    if (cause instanceof JitpException jitp) {
                        metrics.answered(jitp.reason().slug());
                        if (jitp.reason() == Reason.FORBIDDEN || jitp.reason() == Reason.NOT_FOUND) {
                            // A refusal may come from a stale resolution (rotated certificate, changed fleet).
                            resolved.remove(resolution.thing());
                        }
                        return jitp;
                    }
                    metrics.answered("internal");
                    return cause;
                });
    }

    private Resolved resolve(String thing) {
        DeviceRecord device = devices.findCurrent(thing).orElseThrow(() -> unknown(thing));
        Resolved previous = resolved.get(thing);
        if (previous != null && !previous.certificateId().equals(device.certificateId())) {
            exchange.invalidateCertificate(new CertificateId(previous.certificateId()));
        }
        CaRecord ca = cas.find(device.caId()).orElseThrow(() -> new JitpException(Reason.CONFLICT, "the CA "
                + device.caId() + " of thing '" + thing + "' is no longer held by this broker", "thing", null, null,
                null));
        FleetRecord fleet = fleet(device, ca);
        PrivateKey key = devices.custodialKey(device.certificateId()).orElseThrow(() -> new JitpException(
                Reason.CONFLICT, "the broker holds no private key for thing '" + thing + "' (certificate "
                        + device.certificateId() + "): the exchange needs the device's key, which never left "
                        + "the device",
                "thing", "run the exchange on the device: jitp credentials get --dir <device directory>; the broker "
                        + "exchanges only for custodial fleets (server-side key generation)",
                null, null));
        X509Certificate certificate = Pem.certificate(device.certificatePem().getBytes(
                StandardCharsets.US_ASCII), "device certificate", "certificate");
        X509Certificate caCertificate = caCertificate(ca);
        DeviceIdentity identity = new DeviceIdentity(key, List.of(certificate, caCertificate));
        ExchangeRequest request = new ExchangeRequest(identity, endpoints.endpoint(), fleet.roleAlias(), thing);
        Resolved resolution = new Resolved(thing, device.certificateId(), fleet.name(), request, request.key(),
                clock.instant().plusSeconds(RESOLVE_TTL_SECONDS));
        resolved.put(thing, resolution);
        return resolution;
    }

    private JitpException unknown(String thing) {
        List<DeviceRecord> history = devices.history(thing);
        if (!history.isEmpty() && history.stream().allMatch(DeviceRecord::revoked)) {
            DeviceRecord last = history.get(0);
            return new ExchangeFailure(Reason.FORBIDDEN, FailureClass.FINAL,
                    Check.CERTIFICATE, 0, null, "the certificate " + last.certificateId()
                            + " of thing '" + thing + "' is revoked" + (last.revokedAt() == null ? ""
                                    : " (since " + last.revokedAt() + ")"),
                    "enroll the device again with a new token (jitp token create, jitp device enroll)", null, null,
                    null);
        }
        return new JitpException(Reason.NOT_FOUND, "thing '" + thing + "' has no certificate issued by this broker",
                "thing", "enroll the device first (jitp token create, then jitp device enroll)", null, null);
    }

    private FleetRecord fleet(DeviceRecord device, CaRecord ca) {
        Optional<FleetRecord> named = device.fleetName() == null ? Optional.empty() : fleets.find(device.fleetName());
        if (named.isPresent()) {
            return named.get();
        }
        List<FleetRecord> byCa = fleets.list().stream().filter(f -> ca.name().equals(f.caName())).toList();
        if (byCa.size() == 1) {
            return byCa.get(0);
        }
        throw new JitpException(Reason.CONFLICT, "thing '" + device.thingName() + "' belongs to no single fleet, so "
                + "the role alias is unknown (" + byCa.size() + " fleets use CA '" + ca.name() + "')", "thing",
                "enroll the device with a token bound to a fleet, or ensure exactly one fleet for the CA: "
                        + "jitp fleet ensure <name> --ca " + ca.name(),
                null, null);
    }

    private X509Certificate caCertificate(DeviceRecord device) {
        return caCertificate(cas.find(device.caId()).orElseThrow(() -> JitpException.forbidden("clientCertificate",
                "the CA " + device.caId() + " of the client certificate is no longer held by this broker",
                "enroll the device again")));
    }

    private static X509Certificate caCertificate(CaRecord ca) {
        return Pem.certificate(ca.certificatePem().getBytes(StandardCharsets.US_ASCII),
                "CA certificate " + ca.id(), "ca");
    }

    /** A thing resolved from the ledger: the request the exchange makes for it, until {@code until}. */
    record Resolved(String thing, String certificateId, String fleet, ExchangeRequest request, ExchangeKey key,
            Instant until) {

        boolean fresh(Instant now) {
            return until.isAfter(now);
        }

        @Override
        public String toString() {
            return "Resolved[thing=" + thing + ", certificateId=" + certificateId + ", fleet=" + fleet + "]";
        }
    }

    private record Verified(String thing, Instant until) {
    }
}
