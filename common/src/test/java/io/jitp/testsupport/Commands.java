package io.jitp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program in a directory and captures what it printed. */
public final class Commands {

    private static final long TIMEOUT_SECONDS = 240;

    private Commands() {
    }

    /**
     * The outcome of a run.
     *
     * @param exitCode the process exit code
     * @param stdout what it printed on standard output
     * @param stderr what it printed on standard error
     */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Both streams, for assertion messages. */
        public String output() {
            return stdout + stderr;
        }
    }

    /** Runs a program with arguments in a directory, with no standard input, and waits for it. */
    public static Result run(Path directory, List<String> command) {
        return run(new ProcessBuilder(command).directory(directory.toFile()));
    }

    /** Runs a prepared process (directory, environment) with no standard input, and waits for it. */
    public static Result run(ProcessBuilder builder) {
        List<String> command = builder.command();
        try {
            Path out = Files.createTempFile("jitp-test", ".out");
            Path err = Files.createTempFile("jitp-test", ".err");
            try {
                Process process = builder
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " did not finish within " + TIMEOUT_SECONDS + " s");
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
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Runs a program and fails the test unless it exits 0. */
    public static Result runOk(Path directory, String... command) {
        Result result = run(directory, List.of(command));
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ":\n"
                    + result.output());
        }
        return result;
    }
}
