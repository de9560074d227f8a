package io.jitp.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs external programs (openssl, curl, the AWS CLI) in a directory with a controlled environment. */
final class Shell {

    private final Path directory;
    private final Map<String, String> environment = new HashMap<>();

    Shell(Path directory) {
        this.directory = directory;
    }

    /** Sets an environment variable for every later run. */
    Shell env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Environment for the AWS CLI: the emulator's key and region, no pager, no user configuration. */
    Shell awsCli(Endpoints endpoints) {
        return env("AWS_ACCESS_KEY_ID", endpoints.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", endpoints.secretAccessKey())
                .env("AWS_DEFAULT_REGION", endpoints.region())
                .env("AWS_PAGER", "")
                .env("AWS_CONFIG_FILE", "/dev/null")
                .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
                .env("AWS_EC2_METADATA_DISABLED", "true")
                .env("HOME", directory.toString());
    }

    /**
     * What a run printed and how it ended.
     *
     * @param exitCode the exit code
     * @param stdout standard output
     * @param stderr standard error
     */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command with extra environment variables for this run only. */
    Result run(Map<String, String> extra, String... command) {
        try {
            Path out = Files.createTempFile("shell", ".out");
            Path err = Files.createTempFile("shell", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(directory.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().putAll(environment);
                builder.environment().putAll(extra);
                Process process = builder.start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs a command. */
    Result run(String... command) {
        return run(Map.of(), command);
    }

    /** Runs a command and fails the test unless it exits 0; returns its standard output. */
    String ok(String... command) {
        Result result = run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ":\n"
                    + result.stdout() + result.stderr());
        }
        return result.stdout();
    }
}
