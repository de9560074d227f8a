package io.jitp.broker.exchange;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.jitp.broker.enrollment.DeviceEndpoint;
import io.jitp.exchange.CredentialsEndpoint;
import io.jitp.pki.Pem;

/**
 * Where the broker exchanges certificates for credentials: the same endpoint and trust bundle that enrolled devices
 * are given ({@link DeviceEndpoint}: {@code jitp.enrollment.credentials-endpoint} and {@code trust-bundle-file}, else
 * the embedded emulator's, else DescribeEndpoint and Amazon Root CA 1). Never trusts any certificate. Resolved once.
 */
@ApplicationScoped
public class CredentialsEndpoints {

    private static final Logger LOG = Logger.getLogger(CredentialsEndpoints.class);

    private final DeviceEndpoint devices;
    private volatile CredentialsEndpoint endpoint;

    public CredentialsEndpoints(DeviceEndpoint devices) {
        this.devices = devices;
    }

    /** The credentials provider of the account the broker manages. */
    public CredentialsEndpoint endpoint() {
        CredentialsEndpoint resolved = endpoint;
        if (resolved == null) {
            synchronized (this) {
                if (endpoint == null) {
                    endpoint = CredentialsEndpoint.parse(devices.credentialsEndpoint(), Pem.certificates(
                            devices.trustBundlePem().getBytes(StandardCharsets.US_ASCII), "trust bundle",
                            "jitp.enrollment.trust-bundle-file"), "the enrollment trust bundle");
                    LOG.infof("Credentials endpoint resolved [endpoint=%s]", endpoint);
                }
                resolved = endpoint;
            }
        }
        return resolved;
    }
}
