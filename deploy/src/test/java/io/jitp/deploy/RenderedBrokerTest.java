package io.jitp.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.jitp.emulator.Emulator;
import io.jitp.emulator.EmulatorConfig;
import io.jitp.testsupport.BrokerProcess;
import io.jitp.testsupport.External;

/**
 * The packaged broker, started with exactly the environment the dev overlay gives its container: the ConfigMap's
 * keys, the Secrets' keys (made with README's commands), the volumes mounted where the manifests mount them
 * (here: temporary directories). Only what cannot exist on this machine is swapped: the emulator's Service
 * address (an in-process emulator), the PostgreSQL URL (the local test database, in a schema of its own), the
 * port (a free one) and the bind address (loopback). The probes' paths must then answer as Kubernetes expects.
 */
class RenderedBrokerTest {

    private static final String TOKEN_COMMAND = "TOKEN=\"jitp_$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')\"";
    private static final String HASH_COMMAND = "printf %s \"$TOKEN\" | sha256sum | cut -d' ' -f1";
    private static final String KEK_COMMAND = "openssl rand -base64 32";

    @TempDir
    static Path dir;

    static Rendered dev;
    static Container container;
    static Emulator emulator;
    static String schema;
    static String token;
    static String kek;
    static BrokerProcess broker;
    static HttpClient https;

    @BeforeAll
    static void start() throws Exception {
        External.requireTool("openssl", "openssl");
        External.requireTool("sha256sum", "coreutils");
        String postgres = External.requirePostgresUrl();
        dev = Rendered.of("dev");
        container = dev.brokerContainer();
        emulator = Emulator.start(EmulatorConfig.builder().region(dev.brokerConfig().get("JITP_IOT_REGION"))
                .build());
        schema = "jitp_deploy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

        Map<String, Path> mounts = mounts();
        Map<String, String> secrets = secrets(postgres, mounts);
        Map<String, String> environment = environment(mounts, secrets);
        broker = BrokerProcess.start(Repository.ROOT.resolve("service/target/quarkus-app/quarkus-run.jar"),
                mounts.get(dev.brokerConfig().get("JITP_DATA_DIR")), environment);
        https = HttpClient.newBuilder().sslContext(trusting(mounts.get("/etc/jitp/tls").resolve("tls.crt")))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (schema != null && broker != null) {
            try (Connection connection = DriverManager.getConnection(External.requirePostgresUrl(),
                    System.getProperty("user.name"), "");
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void everyProbePath_answersUp_overHttpsWithTheMountedCertificate() throws Exception {
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                container.getReadinessProbe())) {
            HttpResponse<String> response = get(probe.getHttpGet().getPath(), null);

            assertThat(response.statusCode()).as("%s: %s", probe.getHttpGet().getPath(), response.body())
                    .isEqualTo(200);
            assertThat(response.body()).contains("\"status\": \"UP\"");
        }
    }

    @Test
    void theAdminTokenFromTheSecret_isAccepted_andNothingWasGeneratedOrEmbedded() throws Exception {
        HttpResponse<String> withToken = get("/v1/cas", token);
        HttpResponse<String> withoutToken = get("/v1/cas", null);

        assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
        assertThat(withoutToken.statusCode()).isEqualTo(401);
        assertThat(broker.log()).anyMatch(line -> line.contains("Using AWS IoT [AWS IoT " + dev.brokerConfig().get(
                "JITP_IOT_REGION") + " at " + emulator.endpoints().apiEndpoint()));
        assertThat(broker.log()).noneMatch(line -> line.contains("embedded AWS IoT emulator")
                || line.contains("Generated the admin API token") || line.contains("Generated the local HTTPS CA")
                || line.contains("Generated a key-encryption key"));
        assertThat(String.join("\n", broker.log())).doesNotContain(token).doesNotContain(kek);
    }

    /** Each volume mount of the broker container, as a temporary directory; secret volumes filled later. */
    private static Map<String, Path> mounts() throws IOException {
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            mounts.put(mount.getMountPath(), Files.createDirectories(dir.resolve("mounts").resolve(mount.getName())));
        }
        return mounts;
    }

    /** The Secret values, made as README's commands make them. */
    private static Map<String, String> secrets(String postgres, Map<String, Path> mounts) throws Exception {
        String readme = UserSecrets.section();
        assertThat(readme).contains(TOKEN_COMMAND, HASH_COMMAND, "--from-literal=kek=\"$(" + KEK_COMMAND + ")\"");
        token = bash(TOKEN_COMMAND + "; printf %s \"$TOKEN\"", dir);
        kek = bash(KEK_COMMAND, dir);
        String hash = bash("TOKEN='" + token + "'; " + HASH_COMMAND, dir);
        assertThat(hash).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token
                .getBytes(StandardCharsets.UTF_8))));

        Volume tls = dev.broker().getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getSecret() != null).findFirst().orElseThrow();
        String mountPath = container.getVolumeMounts().stream().filter(m -> m.getName().equals(tls.getName()))
                .findFirst().orElseThrow().getMountPath();
        bash("NS=" + dev.broker().getMetadata().getNamespace() + "; " + readmeCommand(readme, "openssl req -x509",
                "-out tls.crt"), mounts.get(mountPath));

        Map<String, String> secrets = new HashMap<>();
        secrets.put("jitp-kek/kek", kek);
        secrets.put("jitp-database/url", postgres);
        secrets.put("jitp-database/username", System.getProperty("user.name"));
        secrets.put("jitp-database/password", "unused-with-trust-authentication");
        secrets.put("jitp-broker-tokens/admin-sha256", hash);
        secrets.put("jitp-emulator-credentials/access-key-id", emulator.endpoints().accessKeyId());
        secrets.put("jitp-emulator-credentials/secret-access-key", emulator.endpoints().secretAccessKey());
        for (var item : tls.getSecret().getItems()) {
            secrets.put(tls.getSecret().getSecretName() + "/" + item.getKey(), Files.readString(mounts.get(mountPath)
                    .resolve(item.getPath())));
        }
        assertThat(secrets.keySet()).containsAll(UserSecrets.forOverlay("dev"));
        return secrets;
    }

    /** The container's environment: the ConfigMap, then env (literal or from a Secret), paths remapped. */
    private static Map<String, String> environment(Map<String, Path> mounts, Map<String, String> secrets) {
        Map<String, String> environment = new LinkedHashMap<>();
        dev.brokerConfig().forEach((key, value) -> environment.put(key, remap(value, mounts)));
        for (EnvVar env : container.getEnv()) {
            if (env.getValueFrom() != null) {
                var ref = env.getValueFrom().getSecretKeyRef();
                environment.put(env.getName(), secrets.get(ref.getName() + "/" + ref.getKey()));
            } else {
                environment.put(env.getName(), remap(env.getValue(), mounts));
            }
        }
        assertThat(environment).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0");
        assertThat(environment.get("JITP_IOT_ENDPOINT_OVERRIDE")).contains(".svc.cluster.local:");
        environment.put("JITP_IOT_ENDPOINT_OVERRIDE", emulator.endpoints().apiEndpoint());
        environment.put("JITP_DATABASE_SCHEMA", schema);
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        return environment;
    }

    private static String remap(String value, Map<String, Path> mounts) {
        for (Map.Entry<String, Path> mount : mounts.entrySet()) {
            if (value.equals(mount.getKey()) || value.startsWith(mount.getKey() + "/")) {
                return mount.getValue() + value.substring(mount.getKey().length());
            }
        }
        return value;
    }

    /** The README's command that starts with {@code first} and ends with {@code last}, continuation lines joined. */
    private static String readmeCommand(String readme, String first, String last) {
        int start = readme.indexOf(first);
        int end = readme.indexOf(last, start);
        assertThat(start).as("README has '%s'", first).isNotNegative();
        return readme.substring(start, end + last.length()).replace("\\\n", " ");
    }

    private static String bash(String script, Path workingDirectory) throws Exception {
        Process process = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(workingDirectory
                .toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s: %s", script, text).isZero();
        return text.strip();
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("broker", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(certificate))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static HttpResponse<String> get(String path, String bearer) throws Exception {
        URI base = URI.create(broker.url());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + base.getPort() + path))
                .timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
