package io.jitp.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Temporary AWS credentials from the credentials provider. {@link #toString()} shows the access key id and the
 * expiration only, never the secret key or the session token.
 *
 * @param accessKeyId the access key id ({@code ASIA…})
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token
 * @param expiration when the credentials stop working
 */
public record TemporaryCredentials(String accessKeyId, String secretAccessKey, String sessionToken,
        Instant expiration) {

    /** Checks every part is present. */
    public TemporaryCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
    }

    /** Whether the credentials are still usable at {@code now} with at least {@code margin} left. */
    public boolean validFor(Duration margin, Instant now) {
        return expiration.minus(margin).isAfter(now);
    }

    @Override
    public String toString() {
        return "TemporaryCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration
                + ", secretAccessKey=***, sessionToken=***]";
    }
}
