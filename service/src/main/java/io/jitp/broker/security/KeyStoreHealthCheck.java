package io.jitp.broker.security;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.jitp.broker.store.MetaStore;

/**
 * Readiness: the loaded key-encryption key is the one the database's keys were sealed with. A check value sealed
 * on first start is opened on every check, so a replica started with another KEK is never ready.
 */
@Readiness
@ApplicationScoped
public class KeyStoreHealthCheck implements HealthCheck {

    static final String CHECK_NAME = "kek-check";
    private static final byte[] CHECK_VALUE = "jitp key-encryption check".getBytes(StandardCharsets.US_ASCII);

    private final KeyEncryption encryption;
    private final MetaStore meta;

    public KeyStoreHealthCheck(KeyEncryption encryption, MetaStore meta) {
        this.encryption = encryption;
        this.meta = meta;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            String sealed = meta.putIfAbsent(CHECK_NAME, encryption.seal(CHECK_VALUE, CHECK_NAME));
            byte[] opened = encryption.open(sealed, CHECK_NAME);
            boolean same = Arrays.equals(opened, CHECK_VALUE);
            return HealthCheckResponse.named("key-store").status(same)
                    .withData("kekFingerprint", encryption.fingerprintHex()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("key-store").down()
                    .withData("kekFingerprint", encryption.fingerprintHex())
                    .withData("error", e.getMessage()).build();
        }
    }
}
