package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.error.JitpException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/**
 * An emulator inside a cluster binds every address and is reached through a Service name: {@code --public-host}
 * puts that name into endpoints.json, DescribeEndpoint and the credentials endpoint's certificate.
 */
class PublicHostTest {

    private static final String SERVICE = "jitp-emulator.jitp.svc.cluster.local";

    @Test
    void publicHost_isAdvertisedAndCertified_whileTheEmulatorListensOnEveryAddress(@TempDir Path dir)
            throws Exception {
        EmulatorConfig config = EmulatorConfig.builder().host("0.0.0.0").publicHost(SERVICE).dataDir(dir).build();

        try (Emulator emulator = Emulator.start(config)) {
            JsonNode written = new ObjectMapper().readTree(dir.resolve(Emulator.ENDPOINTS_FILE).toFile());
            int apiPort = URI.create(written.get("apiEndpoint").asText()).getPort();
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + apiPort + "/_emulator/health")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(written.get("apiEndpoint").asText()).isEqualTo("http://" + SERVICE + ":" + apiPort);
            assertThat(written.get("stsEndpoint").asText()).isEqualTo("http://" + SERVICE + ":" + apiPort);
            assertThat(written.get("credentialsEndpoint").asText()).startsWith(SERVICE + ":");
            assertThat(emulator.endpoints().credentialsEndpoint()).isEqualTo(written.get("credentialsEndpoint")
                    .asText());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(dnsNames(dir.resolve("tls").resolve("server.pem"))).contains(SERVICE, "localhost");
        }
    }

    @Test
    void withoutPublicHost_aWildcardBindAdvertisesLoopback() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().host("0.0.0.0").build())) {
            assertThat(emulator.endpoints().apiEndpoint()).startsWith("http://127.0.0.1:");
            assertThat(emulator.endpoints().credentialsEndpoint()).startsWith("127.0.0.1:");
        }
    }

    @Test
    void theOption_becomesTheConfiguration_andABadNameIsRefused() {
        EmulatorMain main = new EmulatorMain();
        new CommandLine(main).parseArgs("--host", "0.0.0.0", "--public-host", SERVICE);

        assertThat(main.config().publicHost()).isEqualTo(SERVICE);
        assertThat(main.config().advertisedHost()).isEqualTo(SERVICE);
        assertThatThrownBy(() -> EmulatorConfig.builder().publicHost("http://emulator:4566").build())
                .isInstanceOf(JitpException.class)
                .hasMessageContaining("publicHost 'http://emulator:4566' is not a DNS name");
    }

    private static List<String> dnsNames(Path chain) throws Exception {
        X509Certificate server = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readString(chain).getBytes(StandardCharsets.US_ASCII)));
        Collection<List<?>> names = Objects.requireNonNull(server.getSubjectAlternativeNames());
        return names.stream().map(name -> String.valueOf(name.get(1))).toList();
    }
}
