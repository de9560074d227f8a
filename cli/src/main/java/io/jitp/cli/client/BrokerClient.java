package io.jitp.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small client of the broker API: JSON in and out, bearer token, HTTPS trusting the broker's CA. A problem
 * document from the broker becomes a {@link JitpException} with the broker's detail, field and fix, so the CLI
 * prints it as its own one-line failure.
 */
public final class BrokerClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

    private final String baseUrl;
    private final String token;
    private final HttpClient http;

    private BrokerClient(String baseUrl, String token, HttpClient http) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.http = http;
    }

    /** A client for the broker the options point at. */
    public static BrokerClient connect(BrokerOptions options) {
        return connect(options, token(options));
    }

    /** A client for the broker the options point at, presenting the given token (e.g. an enrollment token). */
    public static BrokerClient connect(BrokerOptions options, String token) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        Path ca = options.caFile() != null ? options.caFile() : options.dataDir().resolve("tls").resolve("ca.crt");
        if (options.caFile() != null || Files.exists(ca)) {
            builder.sslContext(trusting(ca));
        }
        return new BrokerClient(options.url(), token, builder.build());
    }

    /** GET returning JSON. */
    public JsonNode get(String path) {
        return json(send(request(path).GET(), path));
    }

    /**
     * GET of one page of a listing: its JSON and the path of the next page from the answer's
     * {@code Link: <…>; rel="next"} header ({@code null} on the last page).
     */
    public Page getPage(String path) {
        HttpResponse<String> response = send(request(path).GET(), path);
        String next = response.headers().allValues("Link").stream().map(BrokerClient::nextLink)
                .filter(Objects::nonNull).findFirst().orElse(null);
        return new Page(json(response), next);
    }

    /** The target of a {@code rel="next"} link, when it is a path on this broker. */
    static String nextLink(String header) {
        Matcher link = NEXT_LINK.matcher(header);
        return link.find() && link.group(1).startsWith("/") ? link.group(1) : null;
    }

    /**
     * A page of a listing.
     *
     * @param body the page's JSON
     * @param next the path of the next page, or {@code null}
     */
    public record Page(JsonNode body, String next) {
    }

    /** GET returning text (e.g. a PEM certificate). */
    public String getText(String path, String accept) {
        return send(request(path).header("Accept", accept).GET(), path).body();
    }

    /** POST a JSON body. */
    public JsonNode post(String path, Object body) {
        return json(send(request(path).POST(publisher(body)), path));
    }

    /** PUT a JSON body. */
    public JsonNode put(String path, Object body) {
        return json(send(request(path).PUT(publisher(body)), path));
    }

    /** PATCH a JSON body. */
    public JsonNode patch(String path, Object body) {
        return json(send(request(path).method("PATCH", publisher(body)), path));
    }

    /** DELETE; the answer's JSON (empty when there is none). */
    public JsonNode delete(String path) {
        return json(send(request(path).DELETE(), path));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String path) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new JitpException(Reason.UNAVAILABLE, "cannot reach the broker at " + baseUrl, "--broker",
                    "start it (bin/jitp-broker) or give its URL with --broker / JITP_BROKER_URL", null, e);
        } catch (SSLException e) {
            throw new JitpException(Reason.UNAVAILABLE, "the broker's HTTPS certificate at " + baseUrl
                    + " is not trusted", "--ca-file", "give the CA of its certificate with --ca-file", null, e);
        } catch (HttpTimeoutException e) {
            throw new JitpException(Reason.UNAVAILABLE, "the broker did not answer " + path + " in time", null,
                    "repeat the command; broker operations resume where they stopped", null, e);
        } catch (IOException e) {
            throw new JitpException(Reason.UNAVAILABLE, "the connection to the broker at " + baseUrl + " failed: "
                    + e.getClass().getSimpleName(), "--broker", "check the broker URL and that it is running", null,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JitpException(Reason.UNAVAILABLE, "interrupted", null, null, null, e);
        }
        if (response.statusCode() >= 400) {
            throw problem(response);
        }
        return response;
    }

    static JitpException problem(HttpResponse<String> response) {
        Reason reason = reasonOf(response.statusCode());
        try {
            JsonNode problem = JSON.readTree(response.body());
            String detail = text(problem, "detail");
            List<JitpException.Violation> violations = new ArrayList<>();
            for (JsonNode v : problem.path("violations")) {
                violations.add(new JitpException.Violation(text(v, "pointer"), text(v, "message"), text(v, "fix")));
            }
            return new JitpException(reason, detail != null ? detail : "the broker answered HTTP "
                    + response.statusCode(), text(problem, "field"), text(problem, "fix"), violations, null);
        } catch (JsonProcessingException e) {
            return new JitpException(reason, "the broker answered HTTP " + response.statusCode(), null, null, null,
                    null);
        }
    }

    private static Reason reasonOf(int status) {
        for (Reason reason : Reason.values()) {
            if (reason.httpStatus() == status) {
                return reason;
            }
        }
        return status >= 500 ? Reason.UPSTREAM : Reason.INVALID_INPUT;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.body() == null || response.body().isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new JitpException(Reason.UPSTREAM, "the broker answered something that is not JSON", null, null,
                    null, e);
        }
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(BrokerOptions options) {
        String fromEnv = System.getenv("JITP_TOKEN");
        if (options.tokenFile() == null && fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        Path file = options.tokenFile() != null ? options.tokenFile() : options.dataDir().resolve("admin-token");
        try {
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw JitpException.invalid("--token-file", "the token file " + file + " is empty",
                        "give the file holding the broker API token");
            }
            return token;
        } catch (IOException e) {
            throw JitpException.invalid("--token-file", "no API token: " + file + " cannot be read",
                    "set JITP_TOKEN, give --token-file, or point --data-dir at the broker's data directory");
        }
    }

    /** A TLS context that trusts the certificates of a PEM file (the broker's HTTPS CA). */
    public static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            if (index == 0) {
                throw JitpException.invalid("--ca-file", caFile + " holds no certificate",
                        "give the PEM file of the broker's HTTPS CA");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw JitpException.invalid("--ca-file", caFile + " cannot be read", "give the PEM file of the "
                    + "broker's HTTPS CA");
        } catch (GeneralSecurityException e) {
            throw JitpException.invalid("--ca-file", caFile + " is not a PEM certificate file",
                    "give the PEM file of the broker's HTTPS CA");
        }
    }
}
