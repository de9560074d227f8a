package io.jitp.broker.security;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.jitp.broker.store.CaStore;
import io.jitp.broker.store.MetaStore;
import io.quarkus.runtime.StartupEvent;

/**
 * Readiness: the loaded key-encryption key is the one the database's keys were sealed with. The first broker to
 * start on a database seals a check value; every check opens it and compares the KEK fingerprint of a stored CA
 * key, so a replica started with another KEK never becomes ready (and says why).
 */
@Readiness
@ApplicationScoped
public class KeyStoreHealthCheck implements HealthCheck {

    static final String CHECK_NAME = "kek-check";
    private static final Logger LOG = Logger.getLogger(KeyStoreHealthCheck.class);
    private static final byte[] CHECK_VALUE = "jitp key-encryption check".getBytes(StandardCharsets.US_ASCII);

    private final KeyEncryption encryption;
    private final MetaStore meta;
    private final CaStore cas;

    public KeyStoreHealthCheck(KeyEncryption encryption, MetaStore meta, CaStore cas) {
        this.encryption = encryption;
        this.meta = meta;
        this.cas = cas;
    }

    void sealCheckValue(@Observes StartupEvent event) {
        meta.putIfAbsent(CHECK_NAME, encryption.seal(CHECK_VALUE, CHECK_NAME));
        HealthCheckResponse state = call();
        if (state.getStatus() == HealthCheckResponse.Status.DOWN) {
            // WARN: the broker runs (and reports not ready) so that the operator can read this and fix the KEK.
            LOG.warnf("The key-encryption key does not open the stored keys [kekFingerprint=%s]; set the KEK "
                    + "used before (jitp.keys.kek / jitp.keys.kek-file)", encryption.fingerprintHex());
        }
    }

    @Override
    public HealthCheckResponse call() {
        try {
            String sealed = meta.putIfAbsent(CHECK_NAME, encryption.seal(CHECK_VALUE, CHECK_NAME));
            boolean same = Arrays.equals(encryption.open(sealed, CHECK_NAME), CHECK_VALUE)
                    && cas.anySealedKey().map(encryption::sealedWithThisKek).orElse(true);
            return HealthCheckResponse.named("key-store").status(same)
                    .withData("kekFingerprint", encryption.fingerprintHex()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("key-store").down()
                    .withData("kekFingerprint", encryption.fingerprintHex())
                    .withData("error", e.getMessage()).build();
        }
    }
}
