package io.jitp.broker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * All configuration of jitp-broker, under the prefix {@code jitp}. Every key has a default that makes the broker
 * run on one machine with nothing configured (the embedded default): an H2 database file, a generated
 * key-encryption key, a generated HTTPS certificate and admin token in the data directory, and the AWS IoT
 * emulator started in-process.
 */
@ConfigMapping(prefix = "jitp")
public interface BrokerConfig {

    /** Directory for the embedded database, generated keys, certificate and token; created 0700. */
    @WithDefault("${user.home}/.jitp/broker")
    Path dataDir();

    /** Where state is kept. */
    Database database();

    /** Encryption of CA private keys at rest. */
    Keys keys();

    /** HTTPS of the broker API. */
    Tls tls();

    /** API tokens and roles. */
    Security security();

    /** How the broker reaches AWS IoT. */
    Iot iot();

    /** Defaults applied to new CAs. */
    Ca ca();

    /** The brokered certificate-to-credentials exchange. */
    Exchange exchange();

    /** Device enrollment. */
    Enrollment enrollment();

    /** Storage settings. */
    interface Database {
        /**
         * JDBC URL of a PostgreSQL database ({@code jdbc:postgresql://host:5432/db}); empty for the embedded H2
         * file {@code <data-dir>/broker.mv.db}.
         */
        Optional<String> url();

        /**
         * PostgreSQL schema for the broker's tables, created by the migrations when missing; empty for the
         * connection's default schema.
         */
        Optional<String> schema();

        /** PostgreSQL user; empty to take it from the URL or the driver's default. */
        Optional<String> username();

        /** PostgreSQL password (from a Secret or the environment); empty for none. */
        Optional<String> password();

        /** Largest number of pooled connections. */
        @WithDefault("16")
        int maxPoolSize();
    }

    /** Key-encryption key (KEK) that protects CA private keys with AES-256-GCM. */
    interface Keys {
        /**
         * The KEK itself, 32 bytes in base64 (set it through the environment, {@code JITP_KEYS_KEK}, e.g. from a
         * Kubernetes Secret). Takes precedence over {@link #kekFile()}.
         */
        Optional<String> kek();

        /**
         * File holding the KEK in base64. Empty: {@code <data-dir>/kek}, generated 0600 on first start when the
         * database is embedded; with PostgreSQL a KEK must be given, because all replicas need the same one.
         */
        Optional<Path> kekFile();
    }

    /** HTTPS for the API. */
    interface Tls {
        /**
         * PEM certificate chain of the API. Empty: {@code <data-dir>/tls/server.crt}, generated on first start
         * with a local CA ({@code <data-dir>/tls/ca.crt}) that the CLI trusts.
         */
        Optional<Path> certFile();

        /** PEM private key of the API certificate; required with {@link #certFile()}. */
        Optional<Path> keyFile();

        /** Extra DNS names or IP addresses put into a generated server certificate. */
        Optional<List<String>> extraNames();
    }

    /** API tokens: each maps to one role, {@code admin} or {@code operator}. */
    interface Security {
        /**
         * Tokens by name: {@code jitp.security.tokens.<name>.role} and either {@code .sha256} (hex SHA-256 of the
         * token, so that configuration holds no secret) or {@code .file} (a file holding the token, e.g. a mounted
         * Secret). With no admin token configured, an admin token is generated into {@link #adminTokenFile()}.
         */
        Map<String, Token> tokens();

        /**
         * Where the generated admin token of the embedded default is written (0600); empty:
         * {@code <data-dir>/admin-token}.
         */
        Optional<Path> adminTokenFile();

        /** One configured token. */
        interface Token {
            /** {@code admin} (CAs, templates, fleets) or {@code operator} (read; enrollment tokens later). */
            String role();

            /** Hex SHA-256 of the token. */
            Optional<String> sha256();

            /** File holding the token in clear (read once at start, kept only as a hash). */
            Optional<Path> file();
        }
    }

    /** AWS IoT access. */
    interface Iot {
        /**
         * AWS region. Empty together with {@link #endpointOverride()}: the embedded AWS IoT emulator is started
         * in-process on free loopback ports and used (the embedded default).
         */
        Optional<String> region();

        /** Control-plane endpoint override (a URL), e.g. a VPC endpoint or an emulator. */
        Optional<String> endpointOverride();

        /** Always start the embedded emulator, even when a region is configured (demos, tests). */
        @WithDefault("false")
        boolean embedded();

        /** Where the embedded emulator keeps its state; empty: {@code <data-dir>/emulator}. */
        Optional<Path> emulatorDataDir();

        /** How long the embedded emulator's JITP takes after a new certificate's first contact (AWS: seconds). */
        @WithDefault("2s")
        Duration emulatorProvisioningDelay();

        /** Timeout of one AWS IoT API call attempt. */
        @WithDefault("10s")
        Duration callTimeout();

        /** How often a throttled or failed (5xx) IoT call is tried again before giving up. */
        @WithDefault("4")
        int maxRetries();

        /** First backoff delay between retries (doubles each time, with jitter). */
        @WithDefault("200ms")
        Duration retryDelay();

        /** Name of the provisioning role used when a template does not name one. */
        @WithName("default-provisioning-role-arn")
        Optional<String> defaultProvisioningRoleArn();
    }

    /** Defaults for new CAs. */
    interface Ca {
        /** Key type of a created CA: rsa2048, rsa3072, rsa4096, p256, p384. */
        @WithDefault("p256")
        String keyType();

        /** Validity of a created CA in days. */
        @WithDefault("3650")
        int validityDays();

        /** Validity of device certificates issued under a CA's default profile, in days. */
        @WithDefault("365")
        int deviceValidityDays();

        /**
         * How long an opened (unsealed) CA key is kept in memory for further issuance; {@code 0s} opens the sealed
         * key for every certificate. Retiring a CA or destroying its key drops it at once.
         */
        @WithDefault("5m")
        Duration keyCacheTtl();
    }

    /**
     * The brokered exchange with the AWS IoT credentials provider: where it is, how long answers stay cached, and
     * the fleet-wide limit on upstream calls that protects the account's credentials-provider quota.
     */
    interface Exchange {
        /** Cached credentials are refreshed once less than this is left (AWS SDKs use the same 5 minutes). */
        @WithDefault("5m")
        Duration refreshMargin();

        /** How long a new certificate may keep failing while just-in-time provisioning runs. */
        @WithDefault("30s")
        Duration provisioningWindow();

        /** How long one exchange (all its attempts) may keep retrying before it fails. */
        @WithDefault("60s")
        Duration retryBudget();

        /**
         * Most upstream calls started per second by this replica (SmallRye {@code @RateLimit}). 50: half of the
         * credentials provider's default account quota as AWS lists it (100 requests/s; check Service Quotas for
         * the account), leaving room for devices that call the endpoint directly and for a second replica.
         */
        @WithDefault("50")
        int callsPerSecond();

        /** Most upstream calls in flight at once (SmallRye {@code @Bulkhead}). */
        @WithDefault("32")
        int maxConcurrentCalls();

        /**
         * Upstream calls that may wait for a free slot (the bulkhead's queue); one more is refused with 429 and
         * {@code Retry-After}.
         */
        @WithDefault("512")
        int queueSize();

        /**
         * How long a call refused by the rate limit keeps trying for a slot in the next windows before the
         * request is refused with 429 (SmallRye {@code @Retry} on {@code RateLimitException} only).
         */
        @WithDefault("10")
        int queueTimeoutSeconds();

        /** Longest time one upstream call may take, waiting in the queue included (SmallRye {@code @Timeout}). */
        @WithDefault("20")
        int callTimeoutSeconds();
    }

    /** Device enrollment: tokens and what enrolled devices are told. */
    interface Enrollment {
        /**
         * The credentials provider {@code host:port} written into enrolled devices' configuration; empty: asked
         * from AWS IoT once (DescribeEndpoint iot:CredentialProvider).
         */
        Optional<String> credentialsEndpoint();

        /**
         * PEM file of the roots the credentials endpoint's certificate chains to, given to enrolled devices; empty:
         * the embedded emulator's root, or Amazon Root CA 1 (bundled) for AWS.
         */
        Optional<Path> trustBundleFile();

        /** Lifetime of an enrollment token when the request gives none. */
        @WithDefault("24h")
        Duration tokenTtl();

        /** Longest lifetime an enrollment token may be given. */
        @WithDefault("30d")
        Duration maxTokenTtl();
    }
}
