package io.jitp.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.opentest4j.TestAbortedException;

/**
 * Guards for tests that drive an external program or server. Without it a test is skipped with a message
 * naming what to install; with {@code JITP_TEST_REQUIRE_EXTERNAL=true} (CI) the test fails instead.
 */
public final class External {

    private static final boolean REQUIRED = Boolean.parseBoolean(System.getenv("JITP_TEST_REQUIRE_EXTERNAL"));

    private External() {
    }

    /** The absolute path of a program on the PATH (or an absolute path), or a skip/fail naming the package. */
    public static Path requireTool(String program, String debianPackage) {
        Path found = program.startsWith("/") ? Path.of(program) : findOnPath(program);
        require(found != null && Files.isExecutable(found),
                program + " is not installed (Debian package '" + debianPackage + "')");
        return found;
    }

    /** The Debian AWS CLI v2 at /usr/bin/aws. */
    public static Path requireDebianAwsCli() {
        return requireTool("/usr/bin/aws", "awscli");
    }

    /**
     * An AWS CLI v1 ({@code aws --version} says {@code aws-cli/1.}) on the PATH, e.g. the pip/pyenv one, which
     * speaks through botocore like the AWS CLI most scripts were written for.
     */
    public static Path requireAwsCliV1() {
        String path = System.getenv().getOrDefault("PATH", "");
        Path found = Stream.of(path.split(":"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "aws"))
                .filter(Files::isExecutable)
                .filter(External::isAwsCliV1)
                .findFirst()
                .orElse(null);
        require(found != null, "the AWS CLI v1 is not on the PATH ('pip install awscli')");
        return found;
    }

    private static boolean isAwsCliV1(Path aws) {
        try {
            Process process = new ProcessBuilder(aws.toString(), "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0 && version.startsWith("aws-cli/1.");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** PostgreSQL on 127.0.0.1:5432 (database {@code test}, trust authentication). */
    public static String requirePostgresUrl() {
        require(reachable("127.0.0.1", 5432), "PostgreSQL is not running on 127.0.0.1:5432");
        return "jdbc:postgresql://127.0.0.1:5432/test";
    }

    /** Fails (in CI) or skips (elsewhere) unless the condition holds. */
    public static void require(boolean condition, String whatIsMissing) {
        if (condition) {
            return;
        }
        if (REQUIRED) {
            throw new AssertionError(whatIsMissing + " and JITP_TEST_REQUIRE_EXTERNAL=true");
        }
        assumeTrue(false, whatIsMissing + ": test skipped");
        throw new TestAbortedException(whatIsMissing);
    }

    private static Path findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(":"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }

    private static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
