package io.jitp.emulator.state;

/**
 * Temporary credentials issued by the credentials endpoint, as STS later checks them.
 *
 * @param accessKeyId {@code ASIA…}
 * @param secretAccessKey the secret key (never logged)
 * @param sessionToken the session token (never logged)
 * @param roleArn the role assumed
 * @param sessionName the thing name, or the certificate id when no thing name was sent
 * @param certificateId the certificate that asked for them
 * @param expirationMillis expiry, epoch milliseconds
 */
public record SessionEntry(String accessKeyId, String secretAccessKey, String sessionToken, String roleArn,
        String sessionName, String certificateId, long expirationMillis) {

    @Override
    public String toString() {
        return "SessionEntry[accessKeyId=" + accessKeyId + ", roleArn=" + roleArn + ", sessionName=" + sessionName
                + ", certificateId=" + certificateId + ", expirationMillis=" + expirationMillis
                + ", secretAccessKey=<redacted>, sessionToken=<redacted>]";
    }
}
