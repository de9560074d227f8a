package io.jitp.exchange;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

import io.jitp.pki.KeyFiles;
import io.jitp.pki.Pem;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The credentials provider over Vert.x WebClient: mutual TLS with the device's key and chain from PEM, trust only
 * in the endpoint's bundle (no blanket trust), SNI and host-name verification with the endpoint's name, keep-alive.
 * One client (one connection pool of one connection) per device identity and endpoint; the least recently used
 * clients beyond {@value #MAX_CLIENTS} are closed.
 */
public final class VertxCredentialsTransport implements CredentialsTransport {

    /** How many device clients stay open: a broker serving more devices reconnects the least recent ones. */
    static final int MAX_CLIENTS = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9.]+|.*:.*");
    private static final String USER_AGENT = "jitp/0.1 credentials-exchange";

    private final Vertx vertx;
    private final Duration connectTimeout;
    private final Map<ClientKey, WebClient> clients = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param vertx the Vert.x instance whose event loops carry the calls (the caller owns it)
     * @param connectTimeout how long a TCP connect may take
     */
    public VertxCredentialsTransport(Vertx vertx, Duration connectTimeout) {
        this.vertx = vertx;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public CompletionStage<UpstreamAnswer> send(ExchangeRequest request, Duration timeout) {
        CredentialsEndpoint endpoint = request.endpoint();
        var call = client(request).request(HttpMethod.GET, endpoint.port(), endpoint.host(), request.path())
                .ssl(true)
                .timeout(timeout.toMillis());
        if (!endpoint.serverName().equals(endpoint.host())) {
            // The Host header, SNI and the name checked in the server's certificate; the address stays the host.
            call.virtualHost(endpoint.serverName());
        }
        if (request.thingName() != null) {
            call.putHeader("x-amzn-iot-thingname", request.thingName());
        }
        call.putHeader("Accept", "application/json");
        return call.send().map(VertxCredentialsTransport::answer).toCompletionStage();
    }

    @Override
    public void close() {
        synchronized (clients) {
            clients.values().forEach(WebClient::close);
            clients.clear();
        }
    }

    private WebClient client(ExchangeRequest request) {
        ClientKey key = new ClientKey(request.identity(), request.endpoint());
        synchronized (clients) {
            WebClient client = clients.get(key);
            if (client == null) {
                client = WebClient.create(vertx, options(request.identity(), request.endpoint()));
                clients.put(key, client);
                evict();
            }
            return client;
        }
    }

    private void evict() {
        var oldest = clients.entrySet().iterator();
        while (clients.size() > MAX_CLIENTS && oldest.hasNext()) {
            oldest.next().getValue().close();
            oldest.remove();
        }
    }

    private WebClientOptions options(DeviceIdentity identity, CredentialsEndpoint endpoint) {
        StringBuilder chain = new StringBuilder();
        identity.chain().forEach(certificate -> chain.append(Pem.encode(certificate)));
        StringBuilder roots = new StringBuilder();
        for (X509Certificate root : endpoint.trustBundle()) {
            roots.append(Pem.encode(root));
        }
        WebClientOptions options = new WebClientOptions();
        options.setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setKeyValue(Buffer.buffer(KeyFiles.toPem(identity.privateKey(), null)))
                        .setCertValue(Buffer.buffer(chain.toString())))
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(roots.toString())))
                .setVerifyHost(true)
                .setForceSni(!IP_ADDRESS.matcher(endpoint.serverName()).matches())
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setKeepAlive(true)
                .setMaxPoolSize(1)
                .setUserAgent(USER_AGENT)
                .setFollowRedirects(false);
        return options;
    }

    private static UpstreamAnswer answer(HttpResponse<io.vertx.core.buffer.Buffer> response) {
        String body = response.bodyAsString();
        String errorType = response.getHeader("x-amzn-ErrorType");
        if (errorType != null && errorType.contains(":")) {
            errorType = errorType.substring(0, errorType.indexOf(':'));
        }
        return new UpstreamAnswer(response.statusCode(), errorType, response.statusCode() == 200 ? null
                : message(body), body, retryAfter(response.getHeader("Retry-After")));
    }

    private static String message(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            for (String name : new String[]{"message", "Message", "errorMessage"}) {
                if (node.hasNonNull(name)) {
                    return clip(node.get(name).asText());
                }
            }
            return null;
        } catch (Exception e) {
            return clip(body.strip());
        }
    }

    private static String clip(String text) {
        String line = text.replaceAll("[\\r\\n\\t]+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Identifies a client by what its TLS options hold: the identity presented and the endpoint trusted. */
    private record ClientKey(DeviceIdentity identity, CredentialsEndpoint endpoint) {
    }
}
