package io.jitp.emulator.signing;

/**
 * What an access key id resolves to: its secret, and for temporary credentials the session token, expiry and
 * the role session they belong to.
 *
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret key (never logged)
 * @param sessionToken the session token for temporary credentials, else {@code null} (never logged)
 * @param expirationMillis expiry of temporary credentials, epoch milliseconds; 0 for long-term keys
 * @param roleArn the assumed role for temporary credentials, else {@code null}
 * @param sessionName the role session name for temporary credentials, else {@code null}
 */
public record CallerCredentials(String accessKeyId, String secretAccessKey, String sessionToken,
        long expirationMillis, String roleArn, String sessionName) {

    /** Whether these are temporary (session) credentials. */
    public boolean temporary() {
        return sessionToken != null;
    }

    @Override
    public String toString() {
        return "CallerCredentials[accessKeyId=" + accessKeyId + ", temporary=" + temporary() + ", roleArn=" + roleArn
                + ", sessionName=" + sessionName + ", secretAccessKey=<redacted>, sessionToken=<redacted>]";
    }
}
