package io.jitp.emulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import io.jitp.emulator.credentials.CredentialsService.FirstContact;
import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Surface;
import io.jitp.emulator.state.AccessKey;
import io.jitp.error.JitpException;

/**
 * How to start an emulator. Build one with {@link #builder()}; every setting has a default.
 *
 * @param host the address both servers bind to (default {@code 127.0.0.1})
 * @param publicHost the name clients use to reach the emulator, advertised in {@code endpoints.json} and
 *     {@code DescribeEndpoint} and put into the credentials endpoint's certificate (e.g. a Kubernetes Service
 *     name); {@code null}: the bind address ({@code 127.0.0.1} for the wildcard {@code 0.0.0.0})
 * @param apiPort the control plane and STS port (0: a free port)
 * @param credentialsPort the credentials provider port (0: a free port)
 * @param dataDir where state, TLS material and {@code endpoints.json} live; {@code null}: in memory only
 * @param region the emulated region (default {@code us-east-1})
 * @param accountId the emulated account (default {@code 123456789012})
 * @param accessKey the account's access key; {@code null}: the one in the data directory, or a new one
 * @param provisioningDelay how long JITP takes after a certificate's first contact (default 2 s)
 * @param firstContact how the request that meets a PENDING_ACTIVATION certificate fails (default: close)
 * @param faultSeed seed of the fault decisions
 * @param faults initial fault settings per surface
 * @param clock the emulated service's time (tests may move it)
 */
public record EmulatorConfig(String host, String publicHost, int apiPort, int credentialsPort, Path dataDir,
        String region,
        String accountId, AccessKey accessKey, Duration provisioningDelay, FirstContact firstContact, long faultSeed,
        Map<Surface, FaultSettings> faults, Clock clock) {

    public EmulatorConfig {
        Objects.requireNonNull(host, "host");
        if (publicHost != null && !publicHost.matches(PUBLIC_HOST)) {
            throw JitpException.invalid("publicHost", "publicHost '" + publicHost + "' is not a DNS name or an "
                    + "IP address", "use a name such as jitp-emulator.jitp.svc.cluster.local");
        }
        requirePort(apiPort, "apiPort");
        requirePort(credentialsPort, "credentialsPort");
        if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-[0-9]+")) {
            throw JitpException.invalid("region", "region '" + region + "' is not an AWS region name",
                    "use a name such as us-east-1");
        }
        if (accountId == null || !accountId.matches("[0-9]{12}")) {
            throw JitpException.invalid("accountId", "accountId '" + accountId + "' is not 12 digits",
                    "use an account id such as 123456789012");
        }
        if (provisioningDelay == null || provisioningDelay.isNegative()
                || provisioningDelay.compareTo(Duration.ofMinutes(10)) > 0) {
            throw JitpException.invalid("provisioningDelay", "provisioningDelay must be between 0 and 10 minutes",
                    "use a duration such as 2s or 500ms");
        }
        Objects.requireNonNull(firstContact, "firstContact");
        faults = faults == null ? Map.of() : Map.copyOf(faults);
        Objects.requireNonNull(clock, "clock");
    }

    /** A DNS name (letters, digits, hyphens, dots), an IPv4 address, or an IPv6 address. */
    private static final String PUBLIC_HOST = "[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]{2,45}";

    /** The host clients use in URLs: {@link #publicHost()}, else the bind address (loopback for a wildcard). */
    public String advertisedHost() {
        String name = publicHost != null ? publicHost : host;
        if (name.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (name.equals("::") || name.equals("[::]")) {
            return "[::1]";
        }
        return name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
    }

    private static void requirePort(int port, String field) {
        if (port < 0 || port > 65535) {
            throw JitpException.invalid(field, field + " " + port + " is not a TCP port", "use 0 to 65535 (0 picks "
                    + "a free port)");
        }
    }

    @Override
    public String toString() {
        return "EmulatorConfig[host=" + host + ", publicHost=" + publicHost + ", apiPort=" + apiPort
                + ", credentialsPort=" + credentialsPort
                + ", dataDir=" + dataDir + ", region=" + region + ", accountId=" + accountId + ", accessKey="
                + accessKey + ", provisioningDelay=" + provisioningDelay + ", firstContact=" + firstContact
                + ", faultSeed=" + faultSeed + ", faults=" + faults + "]";
    }

    /** A builder with every default set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.host = host;
        builder.publicHost = publicHost;
        builder.apiPort = apiPort;
        builder.credentialsPort = credentialsPort;
        builder.dataDir = dataDir;
        builder.region = region;
        builder.accountId = accountId;
        builder.accessKey = accessKey;
        builder.provisioningDelay = provisioningDelay;
        builder.firstContact = firstContact;
        builder.faultSeed = faultSeed;
        builder.faults.putAll(faults);
        builder.clock = clock;
        return builder;
    }

    /** Builds an {@link EmulatorConfig}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private String publicHost;
        private int apiPort;
        private int credentialsPort;
        private Path dataDir;
        private String region = "us-east-1";
        private String accountId = "123456789012";
        private AccessKey accessKey;
        private Duration provisioningDelay = Duration.ofSeconds(2);
        private FirstContact firstContact = FirstContact.CLOSE;
        private long faultSeed = 1;
        private final Map<Surface, FaultSettings> faults = new EnumMap<>(Surface.class);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The bind address. */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /** The name advertised to clients and put into the TLS certificate ({@code null}: the bind address). */
        public Builder publicHost(String value) {
            this.publicHost = value;
            return this;
        }

        /** The control-plane and STS port (0: free). */
        public Builder apiPort(int value) {
            this.apiPort = value;
            return this;
        }

        /** The credentials provider port (0: free). */
        public Builder credentialsPort(int value) {
            this.credentialsPort = value;
            return this;
        }

        /** The data directory ({@code null}: in memory). */
        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        /** The region. */
        public Builder region(String value) {
            this.region = value;
            return this;
        }

        /** The account id. */
        public Builder accountId(String value) {
            this.accountId = value;
            return this;
        }

        /** The account's access key ({@code null}: persisted or generated). */
        public Builder accessKey(AccessKey value) {
            this.accessKey = value;
            return this;
        }

        /** How long JITP takes. */
        public Builder provisioningDelay(Duration value) {
            this.provisioningDelay = value;
            return this;
        }

        /** How the first contact of a PENDING_ACTIVATION certificate fails. */
        public Builder firstContact(FirstContact value) {
            this.firstContact = value;
            return this;
        }

        /** The fault seed. */
        public Builder faultSeed(long value) {
            this.faultSeed = value;
            return this;
        }

        /** Fault settings for one surface. */
        public Builder faults(Surface surface, FaultSettings value) {
            this.faults.put(surface, value);
            return this;
        }

        /** The clock. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** The configuration. */
        public EmulatorConfig build() {
            return new EmulatorConfig(host, publicHost, apiPort, credentialsPort, dataDir, region, accountId, accessKey,
                    provisioningDelay, firstContact, faultSeed, faults, clock);
        }
    }
}
