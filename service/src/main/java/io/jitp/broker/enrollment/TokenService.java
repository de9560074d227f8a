package io.jitp.broker.enrollment;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.enterprise.context.ApplicationScoped;

import io.jitp.broker.ca.CaService;
import io.jitp.broker.config.BrokerConfig;
import io.jitp.broker.security.ApiTokens;
import io.jitp.broker.security.Audit;
import io.jitp.broker.store.CaRecord;
import io.jitp.broker.store.FleetRecord;
import io.jitp.broker.store.FleetStore;
import io.jitp.broker.store.TokenRecord;
import io.jitp.broker.store.TokenStore;
import io.jitp.error.JitpException;

/**
 * Enrollment tokens: minted by operators, bound to a fleet (and possibly one CA) and to a thing name or a
 * thing-name pattern with a number of uses, with an expiry. The secret ({@code jitpe_} + 256 random bits) is
 * returned once; only its SHA-256 is stored, as for API tokens.
 */
@ApplicationScoped
public class TokenService {

    /** Prefix of enrollment tokens; API-token authentication leaves such bearer tokens to the enrollment API. */
    public static final String PREFIX = "jitpe_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenStore store;
    private final FleetStore fleets;
    private final CaService cas;
    private final BrokerConfig config;

    public TokenService(TokenStore store, FleetStore fleets, CaService cas, BrokerConfig config) {
        this.store = store;
        this.fleets = fleets;
        this.cas = cas;
        this.config = config;
    }

    /** Mints a token; the answer carries the secret, which is not kept. */
    public TokenView create(EnrollmentRequests.CreateToken request, String actor) {
        if ((request.thingName() == null) == (request.thingPattern() == null)) {
            throw JitpException.invalid("thingName", "give exactly one of thingName and thingPattern",
                    "thingName for one device, or thingPattern (a regular expression) with uses for several");
        }
        if (request.thingPattern() != null) {
            compile(request.thingPattern());
        }
        int uses = request.uses() == null ? 1 : request.uses();
        if (request.thingName() != null && uses != 1) {
            throw JitpException.invalid("uses", "a token for one thing name is used once",
                    "leave uses out, or give thingPattern instead of thingName");
        }
        Duration ttl = request.expiresInSeconds() == null ? config.enrollment().tokenTtl()
                : Duration.ofSeconds(request.expiresInSeconds());
        if (ttl.compareTo(config.enrollment().maxTokenTtl()) > 0) {
            throw JitpException.invalid("expiresInSeconds", "the token would live longer than allowed ("
                    + config.enrollment().maxTokenTtl().toSeconds() + " s)", "give a shorter lifetime");
        }
        Binding binding = bind(request.fleet(), request.ca());
        String secret = generate();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        TokenRecord token = store.insert(new TokenRecord(UUID.randomUUID().toString(), ApiTokens.sha256(secret),
                binding.caId(), binding.fleet().name(), request.thingName(), request.thingPattern(), uses, uses,
                Boolean.TRUE.equals(request.serverKeygen()), now.plus(ttl), null, actor, now, null));
        Audit.record("token.created", actor, "id", token.id(), "fleet", token.fleetName(), "ca", token.caId(),
                "thing", token.thingName() != null ? token.thingName() : "~" + token.thingPattern(), "uses", uses,
                "serverKeygen", token.serverKeygen(), "expiresAt", token.expiresAt());
        return TokenView.of(token, secret);
    }

    /** Every token, never a secret. */
    public List<TokenView> list() {
        return store.list().stream().map(t -> TokenView.of(t, null)).toList();
    }

    /** One token. */
    public TokenView get(String id) {
        return TokenView.of(find(id), null);
    }

    /** Revokes a token; revoking a revoked token changes nothing. */
    public TokenView revoke(String id, String actor) {
        find(id);
        if (store.revoke(id, Instant.now())) {
            Audit.record("token.revoked", actor, "id", id);
        }
        return TokenView.of(find(id), null);
    }

    /** The pattern of a token, compiled; a bad one is a 400 naming thingPattern. */
    static Pattern compile(String pattern) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw JitpException.invalid("thingPattern", "thingPattern is not a valid regular expression: "
                    + e.getDescription(), "give a Java regular expression matching whole names, e.g. pump-[0-9]+");
        }
    }

    private TokenRecord find(String id) {
        return (id == null || id.length() > 36 ? Optional.<TokenRecord>empty() : store.find(id))
                .orElseThrow(() -> JitpException.notFound("enrollment token", String.valueOf(id)));
    }

    /** The fleet (and CA id when a CA was named) a token binds. */
    private Binding bind(String fleetName, String caReference) {
        if (fleetName == null && caReference == null) {
            throw JitpException.invalid("fleet", "a token is bound to a fleet or a CA",
                    "give fleet (its current CA signs) or ca");
        }
        CaRecord ca = caReference == null ? null : cas.resolve(caReference);
        FleetRecord fleet;
        if (fleetName != null) {
            fleet = fleets.find(fleetName).orElseThrow(() -> JitpException.notFound("fleet", fleetName));
            if (ca != null && fleet.caName() != null && !fleet.caName().equals(ca.name())) {
                throw JitpException.invalid("ca", "CA " + ca.name() + " is not the CA of fleet " + fleet.name()
                        + " (" + fleet.caName() + ")", "leave ca out, or name a CA of the fleet");
            }
            if (ca == null && fleet.caName() == null) {
                throw JitpException.invalid("ca", "fleet " + fleet.name() + " has no CA",
                        "give ca, or set the fleet's CA (jitp fleet ensure --ca)");
            }
        } else {
            fleet = fleets.list().stream().filter(f -> ca.name().equals(f.caName())).findFirst()
                    .orElseThrow(() -> JitpException.invalid("fleet", "no fleet uses CA " + ca.name()
                            + ", so enrolled devices would have no role alias",
                            "give fleet, or ensure a fleet with this CA (jitp fleet ensure --ca " + ca.name() + ")"));
        }
        return new Binding(fleet, caReference != null && caReference.matches("[0-9a-f]{64}") ? ca.id() : null);
    }

    private static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private record Binding(FleetRecord fleet, String caId) {
    }
}
