package io.jitp.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A device calling the credentials endpoint with the JDK's HTTP client: its certificate chain and key for
 * client authentication, the emulator's trust bundle as the only trusted root.
 */
final class DeviceClient implements AutoCloseable {

    private final HttpClient client;
    private final String base;

    /**
     * @param endpoints the emulator
     * @param key the device key and certificate
     * @param chain what the device presents after its certificate (e.g. its CA), may be empty
     */
    DeviceClient(Endpoints endpoints, TestPki.Issued key, List<TestPki.Issued> chain) {
        this.base = "https://" + endpoints.credentialsEndpoint();
        this.client = HttpClient.newBuilder()
                .sslContext(sslContext(Path.of(endpoints.trustBundle()), key, chain))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A client that presents no certificate at all. */
    static HttpClient withoutCertificate(Endpoints endpoints) {
        return HttpClient.newBuilder().sslContext(sslContext(Path.of(endpoints.trustBundle()), null, List.of()))
                .build();
    }

    static SSLContext sslContext(Path trustBundle, TestPki.Issued key, List<TestPki.Issued> chain) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(trustBundle)) {
                trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManagerFactory keyManagers = null;
            if (key != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                Certificate[] certificates = new Certificate[chain.size() + 1];
                certificates[0] = key.certificate();
                for (int i = 0; i < chain.size(); i++) {
                    certificates[i + 1] = chain.get(i).certificate();
                }
                keys.setKeyEntry("device", key.privateKey(), "x".toCharArray(), certificates);
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keys, "x".toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(),
                    null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** GET /role-aliases/{alias}/credentials, with the thing-name header unless it is null. */
    HttpResponse<String> credentials(String alias, String thingName) throws IOException, InterruptedException {
        return send(client, base, alias, thingName);
    }

    static HttpResponse<String> send(HttpClient client, String base, String alias, String thingName)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/role-aliases/" + alias
                + "/credentials")).timeout(Duration.ofSeconds(20)).GET();
        if (thingName != null) {
            request.header("x-amzn-iot-thingname", thingName);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        // The JDK 17 HttpClient has no close(); its resources go with the object.
    }
}
