package io.jitp.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.emulator.credentials.CredentialsService.FirstContact;
import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Surface;
import io.jitp.exchange.EmulatedAccount;
import io.jitp.exchange.TemporaryCredentials;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code jitp credentials get} through the application's command line against the in-process emulator: the
 * formats, the 0600 cache and its exact effect on upstream calls, the documented exit codes and one-line failures.
 */
@QuarkusMainTest
class CredentialsGetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static EmulatedAccount account;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        account = EmulatedAccount.start(Duration.ofMillis(300), FirstContact.CLOSE);
    }

    @AfterAll
    static void stop() {
        account.close();
    }

    Path deviceDirectory(String prefix) throws Exception {
        EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique(prefix));
        return account.writeDeviceDirectory(device, dir.resolve("device"));
    }

    String cache() {
        return dir.resolve("cache").toString();
    }

    @Test
    void get_newDevice_printsCredentialProcessJsonAndCachesIt(QuarkusMainLauncher launcher) throws Exception {
        Path device = deviceDirectory("get");
        long calls = account.credentialsCalls();

        LaunchResult first = launcher.launch("credentials", "get", "--dir", device.toString(), "--cache-dir",
                cache());
        long afterFirst = account.credentialsCalls();
        LaunchResult second = launcher.launch("credentials", "get", "--dir", device.toString(), "--cache-dir",
                cache());

        assertThat(first.exitCode()).as(first.getErrorOutput()).isZero();
        JsonNode process = JSON.readTree(first.getOutput());
        assertThat(process.get("Version").asInt()).isEqualTo(1);
        assertThat(process.get("AccessKeyId").asText()).startsWith("ASIA");
        assertThat(Instant.parse(process.get("Expiration").asText())).isAfter(Instant.now().plusSeconds(3000));
        assertThat(afterFirst - calls).isGreaterThanOrEqualTo(2);
        assertThat(second.exitCode()).isZero();
        assertThat(second.getOutput()).isEqualTo(first.getOutput());
        assertThat(account.credentialsCalls()).isEqualTo(afterFirst);
        try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
            Path entry = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry))).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("cache"))))
                .isEqualTo("rwx------");
        TemporaryCredentials credentials = new TemporaryCredentials(process.get("AccessKeyId").asText(),
                process.get("SecretAccessKey").asText(), process.get("SessionToken").asText(),
                Instant.parse(process.get("Expiration").asText()));
        try (StsClient sts = account.sts(credentials)) {
            assertThat(sts.getCallerIdentity().arn()).startsWith("arn:aws:sts::123456789012:assumed-role/DeviceRole/");
        }
    }

    @Test
    void get_explicitOptionsJsonFormat_showsTheAbsorbedFirstAttempt(QuarkusMainLauncher launcher) throws Exception {
        EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("explicit"));
        Path files = account.writeDeviceDirectory(device, dir.resolve("files"));

        LaunchResult result = launcher.launch("credentials", "get", "--cert",
                files.resolve("deviceCertAndCACert.crt").toString(), "--key", files.resolve("deviceCert.key")
                        .toString(),
                "--endpoint", account.emulator().endpoints().credentialsEndpoint(),
                "--role-alias", account.roleAlias(), "--thing", device.thingName(), "--ca-bundle",
                account.emulator().endpoints().trustBundle(), "--format", "json", "--no-cache", "-v");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        JsonNode json = JSON.readTree(result.getOutput());
        assertThat(json.get("source").asText()).isEqualTo("upstream");
        assertThat(json.get("attempts").get(0).get("outcome").asText())
                .isEqualTo("connection closed without an answer");
        assertThat(json.get("attempts").get(0).get("class").asText()).isEqualTo("provisioning");
        String attempt = "jitp: attempt 1 at \\+\\d+ ms: connection closed without an answer \\(\\d+ ms\\), "
                + "provisioning";
        assertThat(result.getErrorStream().get(0)).matches(attempt);
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    @Test
    void get_envFormat_printsExportLines(QuarkusMainLauncher launcher) throws Exception {
        Path device = deviceDirectory("env");

        LaunchResult result = launcher.launch("credentials", "get", "--dir", device.toString(), "--format", "env",
                "--cache-dir", cache());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutputStream()).hasSize(4);
        assertThat(result.getOutputStream().get(0)).matches("export AWS_ACCESS_KEY_ID='ASIA[A-Z0-9]+'");
        assertThat(result.getOutputStream().get(2)).startsWith("export AWS_SESSION_TOKEN='");
        assertThat(result.getOutputStream().get(3)).startsWith("export AWS_CREDENTIAL_EXPIRATION='");
    }

    @Test
    void get_unknownAlias_exitsOneWithOneLineNamingTheFix(QuarkusMainLauncher launcher) throws Exception {
        Path device = deviceDirectory("alias");

        LaunchResult result = launcher.launch("credentials", "get", "--dir", device.toString(), "--role-alias",
                "missing-alias", "--cache-dir", cache());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getOutput()).isEmpty();
        assertThat(result.getErrorStream()).hasSize(1);
        assertThat(result.getErrorOutput()).startsWith("jitp: role alias 'missing-alias' does not exist at ")
                .contains("[roleAlias: fix the role alias").doesNotContain("Exception");
        try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".json"))).isEmpty();
        }
    }

    @Test
    void get_endpointThrottlingThroughTheBudget_exitsThree(QuarkusMainLauncher launcher) throws Exception {
        Path device = deviceDirectory("throttled");
        account.emulator().faults().set(Surface.CREDENTIALS, FaultSettings.NONE.withThrottle(1.0));
        try {
            LaunchResult result = launcher.launch("credentials", "get", "--dir", device.toString(), "--cache-dir",
                    cache(), "--retry-budget", "1s");

            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.getErrorOutput()).startsWith("jitp: the credentials endpoint throttled the request")
                    .contains("still failing after");
        } finally {
            account.emulator().faults().set(Surface.CREDENTIALS, FaultSettings.NONE);
        }
    }

    @Test
    void get_missingDeviceJson_exitsOneNamingDir(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("credentials", "get", "--dir", dir.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getErrorOutput()).isEqualTo("jitp: no device.json in " + dir + " [--dir: give the "
                + "directory 'jitp device enroll' wrote, or the files with --cert, --key, --endpoint, --role-alias "
                + "and --ca-bundle]");
    }

    @Test
    void get_badFormat_isAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("credentials", "get", "--format", "yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("--format", "yaml");
    }
}
