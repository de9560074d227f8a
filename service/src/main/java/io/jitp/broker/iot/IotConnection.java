package io.jitp.broker.iot;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Where and as whom the broker talks to AWS IoT.
 *
 * @param region the AWS region
 * @param endpoint the control-plane endpoint override, or {@code null} for the region's public endpoint
 * @param credentials the credentials provider (the default chain for AWS; static keys for the embedded emulator)
 * @param embedded whether this is the in-process emulator of the embedded default
 */
public record IotConnection(Region region, URI endpoint, AwsCredentialsProvider credentials, boolean embedded) {

    /** A description for logs and the info endpoint: never credentials. */
    public String describe() {
        return (embedded ? "embedded emulator " : "AWS IoT ") + region.id()
                + (endpoint == null ? "" : " at " + endpoint);
    }

    @Override
    public String toString() {
        return "IotConnection[" + describe() + "]";
    }
}
