package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.emulator.credentials.CredentialsService.FirstContact;
import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Surface;

import picocli.CommandLine;

class EmulatorMainTest {

    private static EmulatorConfig parse(String... args) {
        EmulatorMain main = new EmulatorMain();
        new CommandLine(main).parseArgs(args);
        return main.config();
    }

    private record Run(int exitCode, String err) {
    }

    private static Run run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(EmulatorMain.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void options_becomeTheConfiguration() {
        EmulatorConfig config = parse("--api-port", "0", "--credentials-port", "0", "--region", "eu-west-1",
                "--account-id", "111122223333", "--provisioning-delay", "250ms", "--first-contact", "forbidden",
                "--fault-seed", "9", "--fault", "credentials.throttle=0.2", "--fault", "controlPlane.latencyMillis=50",
                "--fault", "controlPlane.latencyProbability=1");

        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.accountId()).isEqualTo("111122223333");
        assertThat(config.provisioningDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.firstContact()).isEqualTo(FirstContact.FORBIDDEN);
        assertThat(config.faultSeed()).isEqualTo(9);
        assertThat(config.faults().get(Surface.CREDENTIALS)).isEqualTo(FaultSettings.NONE.withThrottle(0.2));
        assertThat(config.faults().get(Surface.CONTROL_PLANE)).isEqualTo(FaultSettings.NONE.withLatency(1, 50));
        assertThat(parse().provisioningDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(parse("--provisioning-delay", "PT1M").provisioningDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("--provisioning-delay", "0").provisioningDelay()).isZero();
    }

    @Test
    void badOptions_areUsageErrors_withOneClearLine() {
        Run delay = run("--provisioning-delay", "soon");
        Run fault = run("--fault", "credentials.bogus=1");
        Run probability = run("--fault", "sts.throttle=3");
        Run region = run("--region", "Mars");
        Run firstContact = run("--first-contact", "maybe");

        assertThat(delay.exitCode()).isEqualTo(2);
        assertThat(delay.err()).contains("'soon' is not a duration");
        assertThat(fault.exitCode()).isEqualTo(2);
        assertThat(fault.err()).contains("the setting must be throttle");
        assertThat(probability.exitCode()).isEqualTo(2);
        assertThat(probability.err()).contains("throttle must be a probability");
        assertThat(region.exitCode()).isEqualTo(2);
        assertThat(region.err()).contains("region 'Mars' is not an AWS region name");
        assertThat(firstContact.exitCode()).isEqualTo(2);
        assertThat(firstContact.err()).contains("--first-contact must be close or forbidden");
    }

    @Test
    void anUnwritableDataDirectory_isAUsageError_withTheReasonAndTheFix(@TempDir Path parent) throws Exception {
        Path file = java.nio.file.Files.writeString(parent.resolve("not-a-directory"), "x");

        Run proc = run("--data-dir", "/proc/x");
        Run underAFile = run("--data-dir", file.resolve("state").toString());

        for (Run refused : List.of(proc, underAFile)) {
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.err().strip()).doesNotContain("\n", "Exception", "\tat ");
            assertThat(refused.err()).contains("--data-dir", "cannot be used: ", "give a directory you can write");
        }
        assertThat(proc.err()).contains("/proc/x");
    }

    @Test
    void aLockedDataDirectory_exitsOneWithTheReason(@TempDir Path dataDir) {
        try (Emulator running = Emulator.start(EmulatorConfig.builder().dataDir(dataDir).build())) {
            Run second = run("--data-dir", dataDir.toString());

            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.err()).contains("jitp-emulator: Another emulator uses the data directory");
        }
    }

    @Test
    void aPortInUse_exitsOneNamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Run run = run("--api-port", String.valueOf(taken.getLocalPort()));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("the API endpoint on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void help_exitsZero() {
        assertThat(run("--help").exitCode()).isZero();
    }
}
