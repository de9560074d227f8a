package io.jitp.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.jitp.emulator.controlplane.ControlPlane;
import io.jitp.emulator.credentials.CredentialsService;
import io.jitp.emulator.credentials.ServerIdentity;
import io.jitp.emulator.fault.FaultAdmin;
import io.jitp.emulator.fault.FaultGate;
import io.jitp.emulator.fault.FaultInjector;
import io.jitp.emulator.provisioning.JitpProvisioner;
import io.jitp.emulator.provisioning.JitpTemplates;
import io.jitp.emulator.signing.CallerCredentials;
import io.jitp.emulator.signing.SigV4Verifier;
import io.jitp.emulator.state.AccessKey;
import io.jitp.emulator.state.IotAccount;
import io.jitp.emulator.state.IotState;
import io.jitp.emulator.state.SessionEntry;
import io.jitp.emulator.state.Snapshot;
import io.jitp.emulator.state.SnapshotStore;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.pki.AtomicFiles;
import io.jitp.pki.ClientCertificateAcceptor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A running emulator: the control plane and STS on one HTTP port, the credentials provider on an HTTPS port
 * with client authentication. Start it with {@link #start(EmulatorConfig)}; {@link #close()} stops it and, with a
 * data directory, writes a last snapshot.
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.start(EmulatorConfig.builder().build())) {
 *     Endpoints endpoints = emulator.endpoints();
 *     // IotClient.builder().endpointOverride(URI.create(endpoints.apiEndpoint()))...
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Emulator.class);
    /** The endpoints file's name in the data directory. */
    public static final String ENDPOINTS_FILE = "endpoints.json";

    private final EmulatorConfig config;
    private final Path directory;
    private final boolean temporaryDirectory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final IotState state;
    private final SnapshotStore store;
    private final Vertx vertx;
    private final FaultInjector faults;
    private final JitpProvisioner provisioner;
    private final HttpServer apiServer;
    private final HttpServer credentialsServer;
    private final Endpoints endpoints;

    private Emulator(Builder parts) {
        this.config = parts.config;
        this.directory = parts.directory;
        this.temporaryDirectory = parts.temporaryDirectory;
        this.lockChannel = parts.lockChannel;
        this.lock = parts.lock;
        this.state = parts.state;
        this.store = parts.store;
        this.vertx = parts.vertx;
        this.faults = parts.faults;
        this.provisioner = parts.provisioner;
        this.apiServer = parts.apiServer;
        this.credentialsServer = parts.credentialsServer;
        this.endpoints = parts.endpoints;
    }

    /** Mutable parts gathered during start, so that a failed start can release what it took. */
    private static final class Builder {
        EmulatorConfig config;
        Path directory;
        boolean temporaryDirectory;
        FileChannel lockChannel;
        FileLock lock;
        IotState state;
        SnapshotStore store;
        Vertx vertx;
        FaultInjector faults;
        JitpProvisioner provisioner;
        HttpServer apiServer;
        HttpServer credentialsServer;
        Endpoints endpoints;
    }

    /**
     * Starts an emulator.
     *
     * @throws JitpException when the data directory is in use or unreadable, or a port cannot be bound
     */
    public static Emulator start(EmulatorConfig config) {
        Builder parts = new Builder();
        parts.config = config;
        try {
            open(parts);
            return new Emulator(parts);
        } catch (RuntimeException | IOException e) {
            release(parts);
            if (e instanceof JitpException jitp) {
                throw jitp;
            }
            throw new JitpException(Reason.UNAVAILABLE, "The emulator could not start: " + e.getMessage(), null,
                    null, null, e);
        }
    }

    private static void open(Builder parts) throws IOException {
        EmulatorConfig config = parts.config;
        if (config.dataDir() != null) {
            parts.directory = config.dataDir().toAbsolutePath();
            Files.createDirectories(parts.directory);
            parts.lockChannel = FileChannel.open(parts.directory.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                parts.lock = parts.lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                parts.lock = null;
            }
            if (parts.lock == null) {
                throw JitpException.conflict("Another emulator uses the data directory " + parts.directory,
                        "stop it, or pass another --data-dir");
            }
        } else {
            parts.directory = Files.createTempDirectory("jitp-emulator-");
            parts.temporaryDirectory = true;
        }

        Snapshot snapshot = config.dataDir() == null ? null : SnapshotStore.read(parts.directory);
        AccessKey key = config.accessKey() != null ? config.accessKey()
                : snapshot != null && snapshot.accessKeyId() != null
                        ? new AccessKey(snapshot.accessKeyId(), snapshot.secretAccessKey())
                        : AccessKey.generate(new SecureRandom());
        IotAccount account = new IotAccount(config.region(), config.accountId());
        JitpTemplates templates = new JitpTemplates();
        IotState state = new IotState(account, key, config.clock(), templates);
        if (snapshot != null) {
            try {
                state.restore(snapshot);
            } catch (IllegalArgumentException e) {
                throw JitpException.invalid("dataDir", "The data directory " + parts.directory + " holds "
                        + e.getMessage(), "start with the same --region and --account-id, or use another --data-dir");
            }
        }
        parts.state = state;
        if (config.dataDir() != null) {
            parts.store = new SnapshotStore(parts.directory, state::snapshot);
            state.persistTo(parts.store);
            await(Future.fromCompletionStage(state.flush()), "the first snapshot in " + parts.directory);
        }

        parts.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
        parts.faults = new FaultInjector(config.faultSeed(), config.faults());
        FaultGate gate = new FaultGate(parts.vertx, parts.faults);
        SigV4Verifier verifier = new SigV4Verifier(config.region(), config.clock(), accessKeyId -> {
            if (accessKeyId.equals(key.accessKeyId())) {
                return new CallerCredentials(key.accessKeyId(), key.secretAccessKey(), null, 0, null, null);
            }
            SessionEntry session = state.session(accessKeyId);
            return session == null ? null
                    : new CallerCredentials(session.accessKeyId(), session.secretAccessKey(), session.sessionToken(),
                            session.expirationMillis(), session.roleArn(), session.sessionName());
        });

        List<String> names = config.publicHost() == null ? List.of(config.host())
                : List.of(config.host(), config.publicHost());
        ServerIdentity identity = ServerIdentity.loadOrCreate(parts.directory, names, config.accountId(),
                config.clock());
        JitpProvisioner provisioner = new JitpProvisioner(parts.vertx, state, config.provisioningDelay(), templates);
        parts.provisioner = provisioner;
        CredentialsService credentials = new CredentialsService(state, provisioner, gate, config.firstContact());
        HttpServerOptions tls = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.credentialsPort())
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(identity.serverChainPem()))
                        .setKeyValue(Buffer.buffer(identity.serverKeyPem())))
                .setTrustOptions(TrustOptions.wrap(new ClientCertificateAcceptor()))
                .setClientAuth(ClientAuth.REQUIRED)
                .setEnabledSecureTransportProtocols(java.util.Set.of("TLSv1.2", "TLSv1.3"));
        parts.credentialsServer = await(parts.vertx.createHttpServer(tls).requestHandler(credentials::handle).listen(),
                "the credentials endpoint on " + config.host() + ":" + config.credentialsPort());
        String credentialsEndpoint = config.advertisedHost() + ":" + parts.credentialsServer.actualPort();

        ControlPlane controlPlane = new ControlPlane(state, verifier, gate, () -> credentialsEndpoint);
        ApiServer api = new ApiServer(controlPlane,
                new io.jitp.emulator.sts.StsService(config.accountId(), verifier, gate),
                new FaultAdmin(parts.faults, java.util.Map.of("provisioned", provisioner::provisioned, "failed",
                        provisioner::failed)),
                config.clock());
        parts.apiServer = await(parts.vertx
                .createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.apiPort()))
                .requestHandler(api::handle)
                .listen(), "the API endpoint on " + config.host() + ":" + config.apiPort());
        String apiEndpoint = "http://" + config.advertisedHost() + ":" + parts.apiServer.actualPort();

        parts.endpoints = new Endpoints(apiEndpoint, credentialsEndpoint, apiEndpoint,
                identity.trustBundle().toString(), config.region(), config.accountId(), key.accessKeyId(),
                key.secretAccessKey());
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(parts.directory.resolve(ENDPOINTS_FILE), json.writeValueAsBytes(parts.endpoints),
                AtomicFiles.OWNER_ONLY, true, "dataDir");
        LOG.infof("emulator started apiEndpoint=%s credentialsEndpoint=%s stsEndpoint=%s trustBundle=%s region=%s "
                + "accountId=%s accessKeyId=%s secretAccessKey=<in %s> dataDir=%s", apiEndpoint, credentialsEndpoint,
                apiEndpoint, identity.trustBundle(), config.region(), config.accountId(), key.accessKeyId(),
                parts.directory.resolve(ENDPOINTS_FILE), config.dataDir() == null ? "(memory)" : parts.directory);
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw new UncheckedIOException(new IOException(what + ": " + cause.getMessage(), cause));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out while starting " + what, e);
        }
    }

    /** Where the emulator listens and how to sign for it. */
    public Endpoints endpoints() {
        return endpoints;
    }

    /** The configuration it was started with. */
    public EmulatorConfig config() {
        return config;
    }

    /** Fault settings and request counters, for tests and embedding code. */
    public FaultInjector faults() {
        return faults;
    }

    /** How many certificates JITP has provisioned since start (each certificate counts once). */
    public long jitpProvisioned() {
        return provisioner.provisioned();
    }

    /** How many JITP attempts have failed since start (their certificates stay PENDING_ACTIVATION). */
    public long jitpFailed() {
        return provisioner.failed();
    }

    /** The directory holding state, TLS material and endpoints.json (a temporary one without a data dir). */
    public Path directory() {
        return directory;
    }

    /** The state, for tests in this package. */
    IotState state() {
        return state;
    }

    /** Stops both servers, writes a last snapshot and releases the data directory. */
    @Override
    public void close() {
        Builder parts = new Builder();
        parts.config = config;
        parts.directory = directory;
        parts.temporaryDirectory = temporaryDirectory;
        parts.lockChannel = lockChannel;
        parts.lock = lock;
        parts.state = state;
        parts.store = store;
        parts.vertx = vertx;
        parts.apiServer = apiServer;
        parts.credentialsServer = credentialsServer;
        release(parts);
        LOG.infof("emulator stopped apiEndpoint=%s", endpoints.apiEndpoint());
    }

    private static void release(Builder parts) {
        if (parts.vertx != null) {
            try {
                parts.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warnf("Vert.x did not stop cleanly: %s", e.toString());
            }
        }
        if (parts.store != null) {
            parts.store.close();
        }
        try {
            if (parts.lock != null) {
                parts.lock.release();
            }
            if (parts.lockChannel != null) {
                parts.lockChannel.close();
            }
        } catch (IOException e) {
            LOG.warnf("could not release the data directory lock: %s", e.toString());
        }
        if (parts.temporaryDirectory && parts.directory != null) {
            try (Stream<Path> paths = Files.walk(parts.directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                LOG.warnf("could not delete %s: %s", parts.directory, e.toString());
            }
        }
    }
}
