package io.jitp.emulator;

/**
 * Where a running emulator listens and how to sign for it: the content of {@code endpoints.json}.
 *
 * @param apiEndpoint the control plane's URL, e.g. {@code http://127.0.0.1:40123} (for {@code --endpoint-url})
 * @param credentialsEndpoint the credentials provider's {@code host:port} (HTTPS with client certificates)
 * @param stsEndpoint the STS URL (GetCallerIdentity)
 * @param trustBundle path of the PEM root that signs the credentials endpoint's certificate
 * @param region the emulated region
 * @param accountId the emulated account
 * @param accessKeyId the account's access key id
 * @param secretAccessKey the account's secret access key (redacted in {@link #toString()})
 */
public record Endpoints(String apiEndpoint, String credentialsEndpoint, String stsEndpoint, String trustBundle,
        String region, String accountId, String accessKeyId, String secretAccessKey) {

    @Override
    public String toString() {
        return "Endpoints[apiEndpoint=" + apiEndpoint + ", credentialsEndpoint=" + credentialsEndpoint
                + ", stsEndpoint=" + stsEndpoint + ", trustBundle=" + trustBundle + ", region=" + region
                + ", accountId=" + accountId + ", accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>]";
    }
}
