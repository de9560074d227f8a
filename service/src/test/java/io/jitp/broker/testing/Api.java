package io.jitp.broker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;

/** Rest-assured over the broker's real HTTPS port, trusting the generated local CA, with the admin token. */
public final class Api {

    private Api() {
    }

    /** The data directory of the running test application. */
    public static Path dataDir() {
        return Path.of(ConfigProvider.getConfig().getValue("jitp.data-dir", String.class));
    }

    /** The generated admin token. */
    public static String adminToken() {
        try {
            return Files.readString(dataDir().resolve("admin-token"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request to {@code baseUrl} (the HTTPS URL of the test application) with no token. */
    public static RequestSpecification anonymous(URL baseUrl) {
        return RestAssured.given()
                .baseUri(baseUrl.getProtocol() + "://" + baseUrl.getHost())
                .port(baseUrl.getPort())
                .config(RestAssured.config().sslConfig(SSLConfig.sslConfig().trustStore(trustStore())));
    }

    /** A request with the admin token. */
    public static RequestSpecification admin(URL baseUrl) {
        return anonymous(baseUrl).header("Authorization", "Bearer " + adminToken());
    }

    /** The operator token configured for tests. */
    public static final String OPERATOR_TOKEN = "jitp_test_operator_token_not_a_secret";

    /** A request with the test operator token. */
    public static RequestSpecification operator(URL baseUrl) {
        return withToken(baseUrl, OPERATOR_TOKEN);
    }

    /** A request with the given token. */
    public static RequestSpecification withToken(URL baseUrl, String token) {
        return anonymous(baseUrl).header("Authorization", "Bearer " + token);
    }

    /** A trust store holding only the broker's local HTTPS CA. */
    public static KeyStore trustStore() {
        try (InputStream in = Files.newInputStream(dataDir().resolve("tls").resolve("ca.crt"))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("jitp-broker", CertificateFactory.getInstance("X.509").generateCertificate(in));
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
