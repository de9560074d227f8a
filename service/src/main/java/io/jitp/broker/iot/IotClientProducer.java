package io.jitp.broker.iot;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.jitp.broker.config.BrokerConfig;
import io.quarkus.runtime.StartupEvent;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.IotClientBuilder;

/**
 * Produces the one {@link IotClient} of the broker: Apache HttpClient 4 (AWS IoT's UpdateProvisioningTemplate is
 * an HTTP PATCH, which the JDK's {@code HttpURLConnection} cannot send; docs/decisions.md), the configured region (or
 * the
 * default region chain), the default credentials provider chain, an optional endpoint override, and the SDK's
 * retries turned off because {@link IotGateway} owns retrying. In the embedded default the client points at the
 * in-process emulator ({@link EmbeddedEmulator}).
 */
@ApplicationScoped
public class IotClientProducer {

    private static final Logger LOG = Logger.getLogger(IotClientProducer.class);

    @Produces
    @Singleton
    IotConnection connection(BrokerConfig config, EmbeddedEmulator embedded) {
        BrokerConfig.Iot iot = config.iot();
        boolean configured = iot.region().isPresent() || iot.endpointOverride().isPresent();
        if (iot.embedded() || !configured) {
            IotConnection connection = embedded.start();
            LOG.infof("No AWS IoT endpoint configured: using the embedded AWS IoT emulator [endpoint=%s, "
                    + "region=%s]", connection.endpoint(), connection.region().id());
            return connection;
        }
        Region region = iot.region().map(Region::of).orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
        URI endpoint = iot.endpointOverride().map(URI::create).orElse(null);
        IotConnection connection = new IotConnection(region, endpoint, DefaultCredentialsProvider.builder().build(),
                false);
        LOG.infof("Using AWS IoT [%s]", connection.describe());
        return connection;
    }

    @Produces
    @ApplicationScoped
    IotClient iotClient(IotConnection connection, BrokerConfig config) {
        IotClientBuilder builder = IotClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(config.iot().callTimeout())
                        .socketTimeout(config.iot().callTimeout()))
                .region(connection.region())
                .credentialsProvider(connection.credentials())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(config.iot().callTimeout())
                        .build());
        if (connection.endpoint() != null) {
            builder.endpointOverride(connection.endpoint());
        }
        return builder.build();
    }

    // Resolves the connection at start: the embedded emulator starts (and says so) before the first request.
    void eager(@Observes StartupEvent event, IotConnection connection) {
        LOG.debugf("AWS IoT connection ready [%s]", connection.describe());
    }

    void close(@Disposes IotClient client) {
        client.close();
    }

}
