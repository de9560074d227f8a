package io.jitp.emulator;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The real AWS SDK clients, pointed at an emulator, without retries (so tests see every answer). */
final class SdkClients {

    private SdkClients() {
    }

    static IotClient iot(Endpoints endpoints) {
        return iot(endpoints, AwsBasicCredentials.create(endpoints.accessKeyId(), endpoints.secretAccessKey()));
    }

    /** An IoT client on the Apache HTTP client, which can send PATCH (UpdateProvisioningTemplate). */
    static IotClient iotWithPatch(Endpoints endpoints) {
        return IotClient.builder()
                .endpointOverride(URI.create(endpoints.apiEndpoint()))
                .region(Region.of(endpoints.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoints.accessKeyId(), endpoints.secretAccessKey())))
                .httpClient(ApacheHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    static IotClient iot(Endpoints endpoints, AwsCredentials credentials) {
        return IotClient.builder()
                .endpointOverride(URI.create(endpoints.apiEndpoint()))
                .region(Region.of(endpoints.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    static StsClient sts(Endpoints endpoints, String accessKeyId, String secretAccessKey, String sessionToken) {
        AwsCredentials credentials = sessionToken == null ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken);
        return StsClient.builder()
                .endpointOverride(URI.create(endpoints.stsEndpoint()))
                .region(Region.of(endpoints.region()))
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }
}
