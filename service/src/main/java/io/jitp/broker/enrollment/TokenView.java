package io.jitp.broker.enrollment;

import java.time.Instant;

import io.jitp.broker.store.TokenRecord;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An enrollment token as the API shows it. {@code token}, the secret, is present once: in the answer to its
 * creation.
 *
 * @param id the token id
 * @param token the secret ({@code jitpe_…}), only when just created
 * @param fleet the fleet
 * @param caId the CA bound by id, or absent for the fleet's current CA
 * @param thingName the thing name, or absent
 * @param thingPattern the thing-name pattern, or absent
 * @param uses how many certificates it may issue in all
 * @param usesLeft how many it may still issue
 * @param serverKeygen whether the broker may generate keys with it
 * @param state ACTIVE, USED, EXPIRED or REVOKED
 * @param expiresAt when it expires
 * @param revokedAt when it was revoked
 * @param createdBy the API token that created it
 * @param createdAt when it was created
 * @param lastUsedAt when it last issued a certificate
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(String id, String token, String fleet, String caId, String thingName, String thingPattern,
        int uses, int usesLeft, boolean serverKeygen, String state, Instant expiresAt, Instant revokedAt,
        String createdBy, Instant createdAt, Instant lastUsedAt) {

    static TokenView of(TokenRecord token, String secret) {
        return new TokenView(token.id(), secret, token.fleetName(), token.caId(), token.thingName(),
                token.thingPattern(), token.maxUses(), token.usesLeft(), token.serverKeygen(),
                token.state(Instant.now()), token.expiresAt(), token.revokedAt(), token.createdBy(),
                token.createdAt(), token.lastUsedAt());
    }

    @Override
    public String toString() {
        return "TokenView[id=" + id + ", fleet=" + fleet + ", state=" + state + "]";
    }
}
