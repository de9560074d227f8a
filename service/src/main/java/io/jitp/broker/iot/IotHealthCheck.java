package io.jitp.broker.iot;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.IotException;

/**
 * Readiness: AWS IoT answers a signed request (DescribeEndpoint for the credentials provider, the cheapest call
 * that proves endpoint, credentials and permissions). The answer is kept for {@value #CACHE_SECONDS} s so that
 * frequent probes do not spend the account's API rate.
 */
@Readiness
@ApplicationScoped
public class IotHealthCheck implements HealthCheck {

    static final long CACHE_SECONDS = 30;

    private final IotClient iot;
    private final IotConnection connection;
    private volatile Instant checkedAt = Instant.EPOCH;
    private volatile HealthCheckResponse last;

    public IotHealthCheck(IotClient iot, IotConnection connection) {
        this.iot = iot;
        this.connection = connection;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse cached = last;
        if (cached != null && checkedAt.plus(Duration.ofSeconds(CACHE_SECONDS)).isAfter(Instant.now())) {
            return cached;
        }
        HealthCheckResponse response;
        try {
            String endpoint = iot.describeEndpoint(b -> b.endpointType("iot:CredentialProvider")).endpointAddress();
            response = HealthCheckResponse.named("aws-iot").up().withData("iot", connection.describe())
                    .withData("credentialsEndpoint", endpoint).build();
        } catch (IotException e) {
            response = HealthCheckResponse.named("aws-iot").down().withData("iot", connection.describe())
                    .withData("error", IotGateway.errorCode(e).replaceFirst("Exception$", "")).build();
        } catch (SdkException e) {
            response = HealthCheckResponse.named("aws-iot").down().withData("iot", connection.describe())
                    .withData("error", "unreachable").build();
        }
        last = response;
        checkedAt = Instant.now();
        return response;
    }
}
