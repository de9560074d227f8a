package io.jitp.cli.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;

import org.jboss.logging.Logger;

import io.jitp.error.JitpException;
import io.jitp.exchange.CredentialsExchange;
import io.jitp.exchange.ExchangeFailure;
import io.jitp.exchange.ExchangePolicy;
import io.jitp.exchange.ExchangeRequest;
import io.jitp.exchange.ExchangeResult;
import io.jitp.exchange.TemporaryCredentials;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jitp credentials serve}: a loopback endpoint in the AWS container-credentials format, which every AWS SDK
 * and the AWS CLI read from {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}.
 * Credentials come from the exchange's cache, refreshed before expiry; renewed key or certificate files are read
 * again. The token is random per run, checked in constant time, and never logged.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Serve the device's AWS credentials on loopback in the container-credentials format.",
        description = {"Prints two export lines (in one write), then serves until stopped (Ctrl-C or SIGTERM):",
                "  (umask 077; jitp credentials serve --dir /etc/device > creds.env &)",
                "  until [ -s creds.env ]; do sleep 0.2; done; . ./creds.env",
                "Any AWS SDK or the AWS CLI started with those variables gets the device's credentials."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {" 0:stopped",
                " 1:refused or misconfigured at start (the message names what to fix), or the port is in use",
                " 2:usage error: unknown option, missing or malformed argument",
                " 3:the endpoint stayed unavailable or throttled through the retry budget at start"})
public class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(ServeCommand.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/credentials";
    /** How often the files are checked and the cache looked at, so that requests find fresh credentials. */
    private static final Duration CHECK_PERIOD = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOptions device;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "Loopback port (default: a free port).")
    int port;

    @Option(names = "--refresh-margin", paramLabel = "DURATION", defaultValue = "5m",
            converter = DurationConverter.class,
            description = "Fetch new credentials once less than this is left (default: ${DEFAULT-VALUE}).")
    Duration refreshMargin;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Source source;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            return CredentialsOutput.fail(spec.commandLine().getErr(), JitpException.invalid("--port",
                    "port " + port + " is out of range", "give 0 (a free port) or 1-65535"));
        }
        Vertx vertx = Vertx.vertx();
        CredentialsExchange exchange = CredentialsExchange.create(vertx,
                ExchangePolicy.DEFAULTS.withRefreshMargin(refreshMargin));
        try {
            source = new Source(device);
            join(exchange.exchange(source.request()));
            String token = token();
            HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                    .requestHandler(request -> handle(request, exchange, token));
            try {
                server.listen().toCompletionStage().toCompletableFuture().join();
            } catch (CompletionException e) {
                throw JitpException.invalid("--port", "cannot listen on 127.0.0.1:" + port + " ("
                        + e.getCause().getMessage() + ")", "choose another port, or 0 for a free one");
            }
            vertx.setPeriodic(CHECK_PERIOD.toMillis(), id -> refresh(exchange));
            var out = spec.commandLine().getOut();
            // One write, so that a reader polling a redirected file never sees the first line alone.
            out.print("export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:" + server.actualPort() + PATH
                    + "\nexport AWS_CONTAINER_AUTHORIZATION_TOKEN=" + token + "\n");
            out.flush();
            LOG.infof("serving credentials [address=127.0.0.1:%d, certificateId=%s]", server.actualPort(),
                    source.request().identity().certificateId().value());
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "jitp-serve-stop"));
            stopped.await();
            return CredentialsOutput.OK;
        } catch (JitpException failure) {
            return CredentialsOutput.fail(spec.commandLine().getErr(), failure);
        } finally {
            exchange.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private void handle(HttpServerRequest request, CredentialsExchange exchange, String token) {
        if (!PATH.equals(request.path())) {
            reply(request, 404, error("not-found", "the credentials are served at " + PATH));
            return;
        }
        String given = request.getHeader("Authorization");
        if (given == null) {
            reply(request, 401, error("unauthenticated", "the Authorization header is missing"));
            return;
        }
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            reply(request, 403, error("forbidden", "the Authorization header does not match this server's token"));
            return;
        }
        ExchangeRequest current;
        try {
            current = source.current();
        } catch (JitpException e) {
            reply(request, 500, error(e.reason().slug(), e.getMessage()));
            return;
        }
        exchange.exchange(current).whenComplete((result, error) -> {
            if (error == null) {
                reply(request, 200, body(result.credentials()));
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                JitpException failure = cause instanceof JitpException j ? j : null;
                reply(request, failure instanceof ExchangeFailure f && f.retryable() ? 503 : 502,
                        error(failure == null ? "internal" : failure.reason().slug(),
                                failure == null ? "the exchange failed" : failure.getMessage()));
            }
        });
    }

    private void refresh(CredentialsExchange exchange) {
        try {
            exchange.exchange(source.current()).whenComplete((result, error) -> {
                if (error != null) {
                    LOG.warnf("credentials refresh failed; requests will try again [certificateId=%s]",
                            source.request().identity().certificateId().value());
                } else if (result.source() == ExchangeResult.Source.UPSTREAM) {
                    LOG.infof("credentials refreshed [accessKeyId=%s, expiration=%s]",
                            result.credentials().accessKeyId(), result.credentials().expiration());
                }
            });
        } catch (JitpException e) {
            LOG.warnf("device files unreadable; serving the previous identity [reason=%s]", e.getMessage());
        }
    }

    private static void reply(HttpServerRequest request, int status, Map<String, Object> body) {
        try {
            request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            request.response().setStatusCode(500).end();
        }
    }

    private static Map<String, Object> body(TemporaryCredentials credentials) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("AccessKeyId", credentials.accessKeyId());
        body.put("SecretAccessKey", credentials.secretAccessKey());
        body.put("Token", credentials.sessionToken());
        body.put("Expiration", credentials.expiration().toString());
        return body;
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        return body;
    }

    private static String token() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static ExchangeResult join(java.util.concurrent.CompletionStage<ExchangeResult> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof JitpException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** The device's request, read again when its key or certificate file changes (renewal). */
    private static final class Source {
        private final DeviceOptions options;
        private volatile ExchangeRequest request;
        private volatile List<Object> stamp;

        Source(DeviceOptions options) {
            this.options = options;
            this.stamp = stamp();
            this.request = options.request();
        }

        ExchangeRequest request() {
            return request;
        }

        synchronized ExchangeRequest current() {
            List<Object> now = stamp();
            if (!now.equals(stamp)) {
                ExchangeRequest renewed = options.request();
                LOG.infof("device files changed; using certificate [certificateId=%s]",
                        renewed.identity().certificateId().value());
                request = renewed;
                stamp = now;
            }
            return request;
        }

        private List<Object> stamp() {
            List<Object> values = new ArrayList<>();
            for (Path file : options.watchedFiles()) {
                try {
                    FileTime modified = Files.getLastModifiedTime(file);
                    values.add(file + "@" + modified.toMillis() + "/" + Files.size(file));
                } catch (IOException e) {
                    values.add(file + "@missing");
                }
            }
            return values;
        }
    }
}
