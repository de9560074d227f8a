package io.jitp.broker.iot;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.jitp.broker.config.BrokerConfig;
import io.jitp.broker.config.DataDirectory;
import io.jitp.emulator.Emulator;
import io.jitp.emulator.EmulatorConfig;
import io.jitp.emulator.Endpoints;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS IoT emulator started in-process for the embedded default: free loopback ports, state kept in
 * {@code <data-dir>/emulator} so that a restarted broker finds its CAs, templates and aliases in "IoT" again.
 */
@ApplicationScoped
public class EmbeddedEmulator {

    private static final Logger LOG = Logger.getLogger(EmbeddedEmulator.class);

    private final BrokerConfig config;
    private final DataDirectory dataDirectory;
    private final ShiftableClock clock = new ShiftableClock();
    private Emulator emulator;

    public EmbeddedEmulator(BrokerConfig config, DataDirectory dataDirectory) {
        this.config = config;
        this.dataDirectory = dataDirectory;
    }

    /** Starts the emulator (once) and returns how to reach it. */
    public synchronized IotConnection start() {
        if (emulator == null) {
            Path dir = config.iot().emulatorDataDir().orElseGet(() -> dataDirectory.resolve("emulator"));
            emulator = Emulator.start(EmulatorConfig.builder()
                    .host("127.0.0.1")
                    .apiPort(0)
                    .credentialsPort(0)
                    .dataDir(DataDirectory.ensureDirectory(dir))
                    .region(config.iot().region().orElse("us-east-1"))
                    .clock(clock)
                    .provisioningDelay(config.iot().emulatorProvisioningDelay())
                    .build());
            LOG.infof("Embedded AWS IoT emulator started [api=%s, credentials=%s, trustBundle=%s, dataDir=%s]",
                    emulator.endpoints().apiEndpoint(), emulator.endpoints().credentialsEndpoint(),
                    emulator.endpoints().trustBundle(), dir);
        }
        Endpoints endpoints = emulator.endpoints();
        return new IotConnection(Region.of(endpoints.region()), URI.create(endpoints.apiEndpoint()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(endpoints.accessKeyId(),
                        endpoints.secretAccessKey())),
                true);
    }

    /** The running emulator, when the broker uses the embedded default (tests read its counters). */
    public synchronized Optional<Emulator> emulator() {
        return Optional.ofNullable(emulator);
    }

    /**
     * Moves the emulated service's clock away from the broker's (zero puts it back): how the doctor's clock check is
     * tested and demonstrated. Less than 15 minutes keeps SigV4 working.
     */
    public void shiftClock(Duration offset) {
        clock.offset = offset;
    }

    @PreDestroy
    synchronized void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    /** The system clock plus an offset that tests may set. */
    private static final class ShiftableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
