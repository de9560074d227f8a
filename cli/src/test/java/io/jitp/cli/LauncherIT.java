package io.jitp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.testsupport.Commands;
import io.jitp.testsupport.External;

/**
 * {@code bin/jitp} as a user runs it, from a working directory: the manual procedure's file names are the
 * defaults, so the six openssl steps become four jitp commands without options.
 */
class LauncherIT {

    private static final Path ROOT = Path.of(System.getProperty("jitp.root", "..")).toAbsolutePath().normalize();
    private static final String JITP = ROOT.resolve("bin/jitp").toString();

    @TempDir
    Path dir;

    @Test
    void manualProcedure_withDefaultFileNames_producesAChainOpensslVerifies() throws Exception {
        Commands.runOk(dir, JITP, "pki", "ca");
        Commands.runOk(dir, JITP, "pki", "verification", "--code", "0123456789abcdef");
        Commands.runOk(dir, JITP, "pki", "csr", "--thing", "pump-0001");
        Commands.Result sign = Commands.runOk(dir, JITP, "pki", "sign");

        assertThat(sign.stderr()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("rootCA.key",
                    "rootCA.pem", "verificationCert.pem", "deviceCert.key", "deviceCert.csr", "deviceCert.crt",
                    "deviceCertAndCACert.crt");
        }
        assertThat(mode("rootCA.key")).isEqualTo("rw-------");
        assertThat(mode("deviceCert.key")).isEqualTo("rw-------");
        String openssl = External.requireTool("openssl", "openssl").toString();
        Commands.Result verify = Commands.runOk(dir, openssl, "verify", "-x509_strict", "-CAfile", "rootCA.pem",
                "deviceCert.crt", "verificationCert.pem");
        assertThat(verify.stdout()).contains("deviceCert.crt: OK", "verificationCert.pem: OK");
    }

    @Test
    void secondRun_withoutForce_exitsOneAndLeavesTheCaAlone() throws Exception {
        Commands.runOk(dir, JITP, "pki", "ca");
        byte[] key = Files.readAllBytes(dir.resolve("rootCA.key"));

        Commands.Result again = Commands.run(dir, List.of(JITP, "pki", "ca"));

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).startsWith("jitp: rootCA.key already exists").doesNotContain("Exception");
        assertThat(Files.readAllBytes(dir.resolve("rootCA.key"))).isEqualTo(key);
    }

    @Test
    void launcher_withNothingBuilt_tellsTheUserToBuild() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("checkout/bin"));
        Files.copy(ROOT.resolve("bin/jitp"), bin.resolve("jitp"));

        Commands.Result result = Commands.run(dir, List.of(bin.resolve("jitp").toString(), "--version"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr().strip()).isEqualTo("jitp is not built yet: run './mvnw -B -q install -DskipTests'"
                + " in " + dir.resolve("checkout").toRealPath() + " first.");
    }

    private String mode(String name) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name)));
    }
}
