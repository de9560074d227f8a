package io.jitp.broker.enrollment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import io.jitp.broker.config.BrokerConfig;
import io.jitp.broker.iot.EmbeddedEmulator;
import io.jitp.broker.iot.IotConnection;
import io.jitp.broker.iot.IotGateway;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;

import software.amazon.awssdk.services.iot.IotClient;

/**
 * What enrolled devices are told about the credentials provider: its {@code host:port} and the roots its
 * certificate chains to. The endpoint is {@code jitp.enrollment.credentials-endpoint}, else asked once from AWS
 * IoT (DescribeEndpoint {@code iot:CredentialProvider}; the embedded emulator answers with its own). The trust
 * bundle is {@code jitp.enrollment.trust-bundle-file}, else the embedded emulator's root, else Amazon Root CA 1
 * (bundled): AWS IoT's credentials endpoints present ATS certificates that chain to it.
 */
@ApplicationScoped
public class DeviceEndpoint {

    /** The bundled Amazon Root CA 1. */
    static final String AMAZON_ROOT_CA_1 = "/trust/AmazonRootCA1.pem";

    private final BrokerConfig config;
    private final IotGateway gateway;
    private final IotClient iot;
    private final IotConnection connection;
    private final EmbeddedEmulator embedded;
    private volatile String endpoint;
    private volatile String trustBundle;

    public DeviceEndpoint(BrokerConfig config, IotGateway gateway, IotClient iot, IotConnection connection,
            EmbeddedEmulator embedded) {
        this.config = config;
        this.gateway = gateway;
        this.iot = iot;
        this.connection = connection;
        this.embedded = embedded;
    }

    /** The credentials provider, {@code host:port}. */
    public String credentialsEndpoint() {
        String known = endpoint;
        if (known == null) {
            known = config.enrollment().credentialsEndpoint().filter(e -> !e.isBlank()).orElseGet(() -> {
                String address = gateway.call("DescribeEndpoint",
                        () -> iot.describeEndpoint(b -> b.endpointType("iot:CredentialProvider"))).endpointAddress();
                return address.contains(":") ? address : address + ":443";
            });
            endpoint = known;
        }
        return known;
    }

    /** The PEM roots of the credentials endpoint's certificate. */
    public String trustBundlePem() {
        String known = trustBundle;
        if (known == null) {
            if (config.enrollment().trustBundleFile().isPresent()) {
                known = read(config.enrollment().trustBundleFile().get());
            } else if (connection.embedded() && embedded.emulator().isPresent()) {
                known = read(Path.of(embedded.emulator().get().endpoints().trustBundle()));
            } else {
                try (InputStream in = DeviceEndpoint.class.getResourceAsStream(AMAZON_ROOT_CA_1)) {
                    known = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                } catch (IOException | NullPointerException e) {
                    throw new JitpException(Reason.INTERNAL, "the bundled Amazon Root CA 1 is missing", null, null,
                            null, e);
                }
            }
            trustBundle = known;
        }
        return known;
    }

    /** The AWS region. */
    public String region() {
        return connection.region().id();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new JitpException(Reason.INTERNAL, "the trust bundle " + file + " cannot be read",
                    "jitp.enrollment.trust-bundle-file", "give a readable PEM file", null, e);
        }
    }
}
