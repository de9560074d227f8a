package io.jitp.cli.quickstart;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.jitp.cli.client.BrokerClient;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;

/**
 * The broker a quickstart talks to. When nothing answers on a loopback broker URL, it starts {@code bin/jitp-broker}
 * on the embedded default (its own data directory, the AWS IoT emulator in-process) as a background process that
 * outlives the command, and waits until the broker reports ready.
 */
final class LocalBroker {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    /**
     * How the broker was found.
     *
     * @param started whether this command started it
     * @param pid the process id of a started broker, else {@code null}
     * @param log the log file of a started broker, else {@code null}
     */
    record Status(boolean started, Long pid, Path log) {
    }

    private LocalBroker() {
    }

    /** Returns at once when a broker listens at {@code url}; else starts one and waits until it is ready. */
    static Status ensure(String url, Path dataDir, Duration timeout) {
        URI uri = parse(url);
        int port = uri.getPort() > 0 ? uri.getPort() : 443;
        if (listening(uri.getHost(), port)) {
            return new Status(false, null, null);
        }
        if (!LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw new JitpException(Reason.UNAVAILABLE, "no broker answers at " + url, "--broker",
                    "start that broker, or leave --broker out to let quickstart start one on this machine", null, null);
        }
        Path launcher = launcher();
        Path log = dataDir.resolve("broker.log");
        Process process;
        try {
            createPrivateDirectory(dataDir);
            ProcessBuilder builder = new ProcessBuilder(launcher.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().put("JITP_DATA_DIR", dataDir.toAbsolutePath().toString());
            builder.environment().put("QUARKUS_HTTP_SSL_PORT", Integer.toString(port));
            process = builder.start();
            Files.writeString(dataDir.resolve("broker.pid"), process.pid() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JitpException(Reason.UNAVAILABLE, "cannot start " + launcher + ": " + e.getMessage(), null,
                    "start the broker yourself with bin/jitp-broker and run quickstart again", null, e);
        }
        awaitReady(process, uri, dataDir, log, timeout);
        return new Status(true, process.pid(), log);
    }

    private static void awaitReady(Process process, URI uri, Path dataDir, Path log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path ca = dataDir.resolve("tls").resolve("ca.crt");
        HttpClient http = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new JitpException(Reason.UNAVAILABLE, "the broker stopped while starting (exit code "
                        + process.exitValue() + "): " + lastLine(log), null, "read " + log + " for the cause", null,
                        null);
            }
            if (http == null && Files.isReadable(ca) && Files.isReadable(dataDir.resolve("admin-token"))) {
                http = HttpClient.newBuilder().sslContext(BrokerClient.trusting(ca))
                        .connectTimeout(Duration.ofSeconds(2)).build();
            }
            if (http != null && ready(http, uri)) {
                return;
            }
            pause();
        }
        throw new JitpException(Reason.UNAVAILABLE, "the broker did not become ready within " + timeout.toSeconds()
                + " s", null,
                "read " + log + "; the broker keeps starting in the background (pid " + process.pid()
                        + "), run quickstart again once it is up",
                null, null);
    }

    private static boolean ready(HttpClient http, URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri.resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JitpException(Reason.UNAVAILABLE, "interrupted while waiting for the broker", null, null, null,
                    e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JitpException(Reason.UNAVAILABLE, "interrupted while waiting for the broker", null, null, null,
                    e);
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code bin/jitp-broker} of this installation: {@code $JITP_HOME/bin}, else found above the running jar. */
    static Path launcher() {
        String home = System.getenv("JITP_HOME");
        if (home != null && !home.isBlank()) {
            Path candidate = Path.of(home, "bin", "jitp-broker");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        try {
            Path here = Path.of(LocalBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = here; dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve("bin").resolve("jitp-broker");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
            // No code source (a native image): only JITP_HOME can tell.
        }
        throw new JitpException(Reason.UNAVAILABLE, "no broker is running and bin/jitp-broker was not found", null,
                "start the broker with bin/jitp-broker (or set JITP_HOME to the jitp checkout) and run quickstart "
                        + "again",
                null, null);
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    String line = lines.get(i).strip();
                    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
                }
            }
            return "(the log is empty)";
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static URI parse(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new URISyntaxException(url, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw JitpException.invalid("--broker", "'" + url + "' is not a URL", "give e.g. https://localhost:8443");
        }
    }
}
