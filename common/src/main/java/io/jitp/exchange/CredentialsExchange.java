package io.jitp.exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.util.TypeLiteral;

import org.jboss.logging.Logger;

import io.jitp.error.Reason;
import io.jitp.pki.CertificateId;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.vertx.core.Vertx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JITP-aware certificate-to-credentials exchange: a cache until expiry minus a margin, one upstream exchange
 * per {@link ExchangeKey} at a time (single flight: concurrent callers share it), and retries by a SmallRye Fault
 * Tolerance guard whose decisions come from the {@link FailureClassifier} and whose waits come from
 * {@link ExchangeBackoff}. A failure is never cached: the next call tries again.
 *
 * <p>
 * A certificate is "new" until it gets credentials from this instance (or the caller says it did before, with
 * {@link #markProvisioned}); only a new certificate's closed connections and 403s count as "provisioning in
 * progress". Thread-safe; every method returns at once, the work runs on the transport's event loop and the guard's
 * timer.
 */
public final class CredentialsExchange implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CredentialsExchange.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialsTransport transport;
    private final ExchangePolicy policy;
    private final Clock clock;
    private final FailureClassifier classifier = new FailureClassifier();
    private final TypedGuard<CompletionStage<TemporaryCredentials>> guard;
    private final ConcurrentHashMap<ExchangeKey, TemporaryCredentials> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ExchangeKey, CompletableFuture<ExchangeResult>> inFlight =
            new ConcurrentHashMap<>();
    private final Set<CertificateId> provisioned = ConcurrentHashMap.newKeySet();
    private final ExchangeStats stats = new ExchangeStats();
    private final Vertx ownedVertx;

    /**
     * @param transport the calls to the endpoint (closed with this exchange)
     * @param policy the numbers
     * @param clock the clock for expiry and the provisioning window
     */
    public CredentialsExchange(CredentialsTransport transport, ExchangePolicy policy, Clock clock) {
        this(transport, policy, clock, null);
    }

    private CredentialsExchange(CredentialsTransport transport, ExchangePolicy policy, Clock clock, Vertx owned) {
        this.transport = transport;
        this.policy = policy;
        this.clock = clock;
        this.ownedVertx = owned;
        this.guard = TypedGuard.create(new TypeLiteral<CompletionStage<TemporaryCredentials>>() {
        })
                .withDescription("credentials-exchange")
                .withRetry()
                .maxRetries(policy.maxAttempts() - 1)
                .delay(policy.transientInitialDelay().toMillis(), ChronoUnit.MILLIS)
                .maxDuration(policy.retryBudget().toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .whenException(error -> {
                    ExchangeFailure failure = ExchangeBackoff.unwrap(error);
                    return failure != null && failure.retryable();
                })
                .withCustomBackoff()
                .strategy(() -> new ExchangeBackoff(policy))
                .done()
                .done()
                .build();
    }

    /** An exchange on a Vert.x instance of its own (closed with it), with the Vert.x WebClient transport. */
    public static CredentialsExchange create(ExchangePolicy policy) {
        Vertx vertx = Vertx.vertx();
        return new CredentialsExchange(new VertxCredentialsTransport(vertx, policy.connectTimeout()), policy,
                Clock.systemUTC(), vertx);
    }

    /** An exchange on the caller's Vert.x instance, with the Vert.x WebClient transport. */
    public static CredentialsExchange create(Vertx vertx, ExchangePolicy policy) {
        return new CredentialsExchange(new VertxCredentialsTransport(vertx, policy.connectTimeout()), policy,
                Clock.systemUTC(), null);
    }

    /**
     * Credentials for the request: from the cache while they have more than the refresh margin left, else from
     * the endpoint (joining an exchange already in flight for the same key). Completes exceptionally with an
     * {@link ExchangeFailure} whose class is {@link FailureClass#FINAL}.
     */
    public CompletionStage<ExchangeResult> exchange(ExchangeRequest request) {
        ExchangeKey key = request.key();
        Optional<TemporaryCredentials> hit = cached(key);
        if (hit.isPresent()) {
            stats.cacheHit();
            return CompletableFuture.completedFuture(fromCache(hit.get()));
        }
        return upstream(request, key, false);
    }

    /** Fresh credentials from the endpoint whatever the cache holds (still one exchange per key at a time). */
    public CompletionStage<ExchangeResult> refresh(ExchangeRequest request) {
        return upstream(request, request.key(), true);
    }

    /** The cached credentials of a key, if they have more than the refresh margin left. */
    public Optional<TemporaryCredentials> cached(ExchangeKey key) {
        TemporaryCredentials credentials = cache.get(key);
        if (credentials != null && credentials.validFor(policy.refreshMargin(), clock.instant())) {
            return Optional.of(credentials);
        }
        return Optional.empty();
    }

    /** Puts credentials obtained elsewhere (e.g. a cache file) in the cache, and marks the certificate known. */
    public void prime(ExchangeKey key, TemporaryCredentials credentials) {
        cache.put(key, credentials);
        provisioned.add(key.certificateId());
    }

    /** Drops the cached credentials of a key. */
    public void invalidate(ExchangeKey key) {
        cache.remove(key);
    }

    /**
     * Drops every cached credential of a certificate (revocation). The certificate stays known as provisioned, so
     * its next refusal is reported at once, not retried as provisioning.
     *
     * @return how many cache entries were dropped
     */
    public int invalidateCertificate(CertificateId certificateId) {
        int before = cache.size();
        cache.keySet().removeIf(key -> key.certificateId().equals(certificateId));
        return before - cache.size();
    }

    /** Records that a certificate got credentials before (so its 403s are final at once). */
    public void markProvisioned(CertificateId certificateId) {
        provisioned.add(certificateId);
    }

    /** Whether a certificate is known to have got credentials. */
    public boolean isProvisioned(CertificateId certificateId) {
        return provisioned.contains(certificateId);
    }

    /** The counters. */
    public ExchangeStats stats() {
        return stats;
    }

    /** The policy. */
    public ExchangePolicy policy() {
        return policy;
    }

    @Override
    public void close() {
        transport.close();
        if (ownedVertx != null) {
            ownedVertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private CompletionStage<ExchangeResult> upstream(ExchangeRequest request, ExchangeKey key, boolean force) {
        CompletableFuture<ExchangeResult> mine = new CompletableFuture<>();
        CompletableFuture<ExchangeResult> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            stats.join();
            return running.thenApply(result -> result);
        }
        Optional<TemporaryCredentials> hit = force ? Optional.empty() : cached(key);
        if (hit.isPresent()) {
            // Another exchange for the key finished between the cache check and taking the flight.
            stats.cacheHit();
            inFlight.remove(key, mine);
            mine.complete(fromCache(hit.get()));
            return mine;
        }
        stats.exchangeStarted();
        Run run = new Run(request, clock.instant(), !provisioned.contains(key.certificateId()));
        CompletionStage<TemporaryCredentials> result;
        try {
            result = guard.call(run::attempt);
        } catch (Exception e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((credentials, error) -> {
            if (error == null) {
                cache.put(key, credentials);
                provisioned.add(key.certificateId());
                stats.finished(true);
                inFlight.remove(key, mine);
                mine.complete(new ExchangeResult(credentials, ExchangeResult.Source.UPSTREAM, run.attempts(),
                        Duration.between(run.start, clock.instant())));
            } else {
                stats.finished(false);
                inFlight.remove(key, mine);
                mine.completeExceptionally(run.conclude(error));
            }
        });
        return mine.thenApply(value -> value);
    }

    private ExchangeResult fromCache(TemporaryCredentials credentials) {
        return new ExchangeResult(credentials, ExchangeResult.Source.CACHE, List.of(), Duration.ZERO);
    }

    /** The state of one upstream exchange: its start, whether the certificate is new, its attempts. */
    private final class Run {
        private final ExchangeRequest request;
        private final Instant start;
        private final boolean newCertificate;
        private final List<Attempt> attempts = new ArrayList<>();

        Run(ExchangeRequest request, Instant start, boolean newCertificate) {
            this.request = request;
            this.start = start;
            this.newCertificate = newCertificate;
        }

        synchronized List<Attempt> attempts() {
            return List.copyOf(attempts);
        }

        CompletionStage<TemporaryCredentials> attempt() {
            Instant begun = clock.instant();
            stats.upstreamCall();
            return transport.send(request, policy.attemptTimeout()).handle((answer, error) -> {
                if (error == null && answer.status() == 200) {
                    TemporaryCredentials credentials;
                    try {
                        credentials = parse(answer);
                    } catch (ExchangeFailure malformed) {
                        record(begun, "200 without usable credentials", FailureClass.FINAL);
                        stats.attemptFailed(FailureClass.FINAL);
                        throw malformed;
                    }
                    record(begun, "200", null);
                    return credentials;
                }
                FailureClassifier.ProvisioningState state = new FailureClassifier.ProvisioningState(newCertificate,
                        Duration.between(start, begun), policy.provisioningWindow());
                ExchangeFailure failure = error == null ? classifier.classify(answer, request, state)
                        : classifier.classify(unwrapped(error), request, state);
                record(begun, error == null ? answer.summary() : describe(failure), failure.failureClass());
                stats.attemptFailed(failure.failureClass());
                LOG.debugf("exchange attempt failed [certificateId=%s, alias=%s, class=%s, check=%s, status=%d]",
                        request.identity().certificateId().value(), request.roleAlias(), failure.failureClass(),
                        failure.check(), failure.status());
                throw failure;
            });
        }

        private TemporaryCredentials parse(UpstreamAnswer answer) {
            try {
                JsonNode node = JSON.readTree(answer.body()).path("credentials");
                TemporaryCredentials credentials = new TemporaryCredentials(text(node, "accessKeyId"),
                        text(node, "secretAccessKey"), text(node, "sessionToken"),
                        Instant.parse(text(node, "expiration")));
                if (!credentials.expiration().isAfter(clock.instant())) {
                    throw classifier.malformed(request, "the credentials had already expired", null);
                }
                return credentials;
            } catch (ExchangeFailure e) {
                throw e;
            } catch (DateTimeParseException e) {
                throw classifier.malformed(request, "the expiration is not an ISO-8601 instant", e);
            } catch (Exception e) {
                throw classifier.malformed(request, "not credentials JSON", e);
            }
        }

        private String text(JsonNode node, String name) {
            JsonNode value = node.get(name);
            if (value == null || !value.isTextual() || value.asText().isEmpty()) {
                throw classifier.malformed(request, "credentials." + name + " is missing", null);
            }
            return value.asText();
        }

        private synchronized void record(Instant begun, String outcome, FailureClass failureClass) {
            Instant now = clock.instant();
            attempts.add(new Attempt(attempts.size() + 1, Duration.between(start, begun),
                    Duration.between(begun, now), outcome, failureClass));
        }

        /** The failure the caller sees: final, with every attempt; an exhausted retry says so. */
        ExchangeFailure conclude(Throwable error) {
            ExchangeFailure failure = ExchangeBackoff.unwrap(error);
            List<Attempt> all = attempts();
            if (failure == null) {
                failure = classifier.classify(unwrapped(error), request,
                        new FailureClassifier.ProvisioningState(false, Duration.ZERO, policy.provisioningWindow()));
            }
            if (!failure.retryable()) {
                return failure.asFinal(failure.reason(), failure.getMessage(), failure.fix(), all);
            }
            long seconds = Math.max(1, Duration.between(start, clock.instant()).toSeconds());
            String message = failure.getMessage() + "; still failing after " + all.size() + " attempt(s) in "
                    + seconds + " s";
            if (failure.failureClass() == FailureClass.PROVISIONING) {
                return failure.asFinal(Reason.UNAVAILABLE, message, "check that the certificate's CA is registered "
                        + "with auto-registration and a JITP template, then try again", all);
            }
            String fix = failure.fix() == null ? "try again later" : failure.fix() + "; try again later";
            Reason reason = failure.status() == 429 || failure.reason() == Reason.TOO_MANY_REQUESTS
                    ? Reason.TOO_MANY_REQUESTS : Reason.UNAVAILABLE;
            return failure.asFinal(reason, message, fix, all);
        }
    }

    private static String describe(ExchangeFailure failure) {
        return switch (failure.check()) {
            case PROVISIONING -> "connection closed without an answer";
            case CLIENT_CERTIFICATE -> "TLS handshake refused";
            case TRUST -> "server certificate not trusted";
            case SERVER_NAME -> "server certificate for another name";
            case ENDPOINT -> "cannot connect";
            default -> failure.status() == 0 ? "no answer (" + failure.check().label() + ")"
                    : String.valueOf(failure.status());
        };
    }

    private static Throwable unwrapped(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
