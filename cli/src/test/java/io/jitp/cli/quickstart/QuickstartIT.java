package io.jitp.cli.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.testsupport.Commands;
import io.jitp.testsupport.External;

/**
 * The README's main job as a newcomer runs it: {@code bin/jitp quickstart} on a machine where no broker runs and
 * the home directory is empty. It must start the broker itself, take a device all the way to STS, and succeed
 * again when run a second time. The broker listens on a free port instead of 8443 so that tests never collide; the
 * user's home directory is a temporary one, so the defaults (~/.jitp/broker, ~/.jitp/quickstart) are exercised.
 */
class QuickstartIT {

    private static final Path ROOT = Path.of(System.getProperty("jitp.root", "..")).toAbsolutePath().normalize();
    private static final String JITP = ROOT.resolve("bin/jitp").toString();

    @TempDir
    Path home;

    private Path brokerData;

    @AfterEach
    void stopTheBrokerQuickstartStarted() throws Exception {
        Path pidFile = brokerData == null ? null : brokerData.resolve("broker.pid");
        if (pidFile != null && Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid).ifPresent(process -> {
                process.destroy();
                process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        }
    }

    @Test
    void quickstart_onAFreshMachine_startsTheBrokerAndProvesCredentials_andIsSafeToRunTwice() throws Exception {
        External.require(Files.isRegularFile(ROOT.resolve("service/target/quarkus-app/quarkus-run.jar")),
                "jitp-broker is not built: run ./mvnw -B -q install -DskipTests");
        brokerData = home.resolve(".jitp/broker");
        List<String> command = List.of(JITP, "quickstart", "--broker", "https://localhost:" + freePort());

        Commands.Result first = run(command);
        Commands.Result second = run(command);

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.stdout())
                .contains("[1/8] broker", "started https://localhost:", "on the embedded default")
                .contains("the first call met just-in-time provisioning and was retried")
                .containsPattern("GetCallerIdentity → arn:aws:sts::\\d{12}:assumed-role/jitp-quickstart-devices/");
        assertThat(first.stderr()).doesNotContain("Exception");
        assertThat(brokerData.resolve("broker.pid")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(brokerData))).isEqualTo("rwx------");
        Path device = home.resolve(".jitp/quickstart/quickstart-device-1");
        try (var files = Files.list(device)) {
            assertThat(files.map(f -> f.getFileName().toString())).contains("deviceCert.key", "deviceCert.crt",
                    "deviceCertAndCACert.crt", "rootCA.pem", "device.json");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(device.resolve("deviceCert.key"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(device.resolve("deviceCert.key"))).doesNotContainIgnoringCase("encrypted");

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.stdout()).contains("using the broker at", "already enrolled")
                .containsPattern("GetCallerIdentity → arn:aws:sts::\\d{12}:assumed-role/jitp-quickstart-devices/")
                .doesNotContain("the first call met just-in-time provisioning");
        assertThat(first.output() + second.output()).doesNotContain("jitp_", "BEGIN PRIVATE KEY");
    }

    private Commands.Result run(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("JITP_"));
        env.put("HOME", home.toString());
        // The JVM takes its home directory from the password database, not from HOME.
        env.put("JITP_JAVA_OPTS", "-Duser.home=" + home);
        return Commands.run(builder);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
