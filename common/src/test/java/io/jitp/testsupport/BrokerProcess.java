package io.jitp.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real jitp-broker, started from the built fast-jar ({@code service/target/quarkus-app}) in its own process on
 * a free port, with its data directory and environment: exactly as {@code bin/jitp-broker} runs it.
 */
public final class BrokerProcess implements AutoCloseable {

    // The URL ends at white space, or at the closing quote of a JSON log line (quarkus.log.console.json).
    private static final Pattern LISTENING = Pattern.compile("Listening on: (https://[^\\s\",]+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path dataDir;
    private final String url;
    private final List<String> log;

    private BrokerProcess(Process process, Path dataDir, String url, List<String> log) {
        this.process = process;
        this.dataDir = dataDir;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts a broker from the repository's built jar, seen from a module directory; skips (fails in CI) when the
     * broker is not built.
     */
    public static BrokerProcess start(Path dataDir, Map<String, String> environment) {
        return start(Path.of("..", "service", "target", "quarkus-app", "quarkus-run.jar"), dataDir, environment);
    }

    /** Starts the broker jar with the given data directory and extra environment. */
    public static BrokerProcess start(Path jarPath, Path dataDir, Map<String, String> environment) {
        Path jar = jarPath.toAbsolutePath().normalize();
        External.require(Files.isRegularFile(jar), "jitp-broker is not built (" + jar + ")");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.ssl-port=0", "-jar", jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JITP_DATA_DIR", dataDir.toString());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            List<String> log = new ArrayList<>();
            CompletableFuture<String> url = new CompletableFuture<>();
            Thread reader = new Thread(() -> read(process, log, url), "broker-log");
            reader.setDaemon(true);
            reader.start();
            String found = url.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new BrokerProcess(process, dataDir, found.replace("0.0.0.0", "localhost"), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError("jitp-broker did not start", e);
        }
    }

    private static void read(Process process, List<String> log, CompletableFuture<String> url) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (log) {
                    log.add(line);
                }
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    url.complete(matcher.group(1));
                }
            }
            url.completeExceptionally(new IllegalStateException("jitp-broker exited:\n" + String.join("\n", log)));
        } catch (IOException e) {
            url.completeExceptionally(e);
        }
    }

    /** The broker URL, e.g. {@code https://localhost:41234}. */
    public String url() {
        return url;
    }

    /** The broker's data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** Every line the broker logged so far. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would; nothing is flushed or closed. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            Instant deadline = Instant.now().plusSeconds(30);
            if (!process.waitFor(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
