package io.jitp.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged broker started with a bad {@code jitp.*} value stops with one line naming the property and the fix,
 * not a stack trace.
 */
class BrokerConfigErrorsIT {

    @TempDir
    Path dataDir;

    @Test
    void aKekThatIsNotBase64_isOneLineNamingTheProperty() throws Exception {
        String output = start(Map.of("JITP_KEYS_KEK", "short"));

        assertThat(output).contains("The key-encryption key in jitp.keys.kek is not base64", "openssl rand");
        assertThat(output).doesNotContain("\tat ", "Exception");
    }

    @Test
    void aBadDatabaseSchema_isOneLineNamingTheProperty() throws Exception {
        String output = start(Map.of("JITP_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "JITP_DATABASE_SCHEMA", "Bad-Schema", "JITP_KEYS_KEK", "A".repeat(43) + "="));

        assertThat(output).contains("jitp.database.schema must be a lowercase SQL identifier", "'Bad-Schema'");
        assertThat(output).doesNotContain("\tat ", "Exception");
    }

    @Test
    void aCertificateWithoutItsKey_isOneLineNamingBothProperties() throws Exception {
        String output = start(Map.of("JITP_TLS_CERT_FILE", dataDir.resolve("server.crt").toString()));

        assertThat(output).contains("jitp.tls.cert-file is set without jitp.tls.key-file");
        assertThat(output).doesNotContain("\tat ", "Exception");
    }

    @Test
    void aDataDirectoryThatCannotBeCreated_isOneLineNamingTheProperty() throws Exception {
        Path file = Files.writeString(dataDir.resolve("a-file"), "not a directory");
        String output = start(Map.of("JITP_DATA_DIR", file.resolve("broker").toString()));

        assertThat(output).contains("jitp.data-dir: cannot create the data directory " + file.resolve("broker"),
                "JITP_DATA_DIR");
        assertThat(output).doesNotContain("\tat ", "Exception");
    }

    /** Runs the packaged broker until it exits (it must: the configuration is bad); returns its output. */
    private String start(Map<String, String> environment) throws IOException, InterruptedException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString())).redirectErrorStream(true);
        builder.environment().put("JITP_DATA_DIR", dataDir.toString());
        builder.environment().put("QUARKUS_HTTP_SSL_PORT", "0");
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        boolean stopped = process.waitFor(120, TimeUnit.SECONDS);
        if (!stopped) {
            process.destroyForcibly();
        }
        assertThat(stopped).as("the broker stops by itself").isTrue();
        assertThat(process.exitValue()).isNotZero();
        return new String(output.join(), StandardCharsets.UTF_8);
    }
}
