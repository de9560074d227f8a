package io.jitp.broker.exchange;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.jitp.broker.config.BrokerConfig;
import io.jitp.broker.iot.EmbeddedEmulator;
import io.jitp.broker.iot.IotConnection;
import io.jitp.broker.iot.IotGateway;
import io.jitp.emulator.Endpoints;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.exchange.CredentialsEndpoint;

import software.amazon.awssdk.services.iot.IotClient;

/**
 * Where the broker exchanges certificates for credentials, and which roots it trusts there:
 * {@code jitp.exchange.endpoint}
 * when set; else the embedded emulator's credentials endpoint and root; else on AWS the account's
 * {@code iot:CredentialProvider} endpoint (DescribeEndpoint) with the JDK's trust store, which holds Amazon Root CA 1.
 * Resolved once, on first use.
 */
@ApplicationScoped
public class CredentialsEndpoints {

    private static final Logger LOG = Logger.getLogger(CredentialsEndpoints.class);

    private final BrokerConfig config;
    private final IotConnection connection;
    private final EmbeddedEmulator embedded;
    private final IotGateway gateway;
    private final IotClient iot;
    private volatile CredentialsEndpoint endpoint;

    public CredentialsEndpoints(BrokerConfig config, IotConnection connection, EmbeddedEmulator embedded,
            IotGateway gateway, IotClient iot) {
        this.config = config;
        this.connection = connection;
        this.embedded = embedded;
        this.gateway = gateway;
        this.iot = iot;
    }

    /** The credentials provider of the account the broker manages. */
    public CredentialsEndpoint endpoint() {
        CredentialsEndpoint resolved = endpoint;
        if (resolved == null) {
            synchronized (this) {
                if (endpoint == null) {
                    endpoint = resolve();
                    LOG.infof("Credentials endpoint resolved [endpoint=%s]", endpoint);
                }
                resolved = endpoint;
            }
        }
        return resolved;
    }

    private CredentialsEndpoint resolve() {
        Endpoints emulated = connection.embedded() ? embedded.emulator().map(e -> e.endpoints()).orElse(null) : null;
        String address = config.exchange().endpoint().orElse(null);
        if (address == null && emulated != null) {
            address = emulated.credentialsEndpoint();
        }
        if (address == null) {
            address = gateway.call("DescribeEndpoint",
                    () -> iot.describeEndpoint(b -> b.endpointType("iot:CredentialProvider")).endpointAddress());
        }
        Path bundle = config.exchange().trustBundle().orElse(null);
        if (bundle == null && emulated != null) {
            bundle = Path.of(emulated.trustBundle());
        }
        if (bundle != null) {
            return CredentialsEndpoint.of(address, bundle);
        }
        return CredentialsEndpoint.parse(address, jdkRoots(), "the JDK trust store");
    }

    /** The JDK's default trusted roots (they include Amazon Root CA 1). */
    static List<X509Certificate> jdkRoots() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            List<X509Certificate> roots = new ArrayList<>();
            Arrays.stream(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                    .forEach(m -> roots.addAll(Arrays.asList(((X509TrustManager) m).getAcceptedIssuers())));
            return roots;
        } catch (GeneralSecurityException e) {
            throw new JitpException(Reason.INTERNAL, "the JDK trust store cannot be read", "jitp.exchange.trust-bundle",
                    "set jitp.exchange.trust-bundle to AmazonRootCA1.pem", null, e);
        }
    }
}
