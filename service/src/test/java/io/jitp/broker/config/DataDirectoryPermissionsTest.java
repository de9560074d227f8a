package io.jitp.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.jitp.broker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The data directory the broker created on its first start (the test resource names one that does not exist) is
 * 0700, and the embedded database's files are 0600 from their creation, whatever the umask (022 on the build
 * machines, under which H2 on its own makes 0644 files).
 */
@QuarkusTest
class DataDirectoryPermissionsTest {

    @Test
    void dataDirectory_isOwnerOnly_andTheDatabaseFilesAreOwnerOnly() throws IOException {
        Path dataDir = Api.dataDir();

        List<Path> databaseFiles;
        try (Stream<Path> files = Files.list(dataDir)) {
            databaseFiles = files.filter(f -> f.getFileName().toString().startsWith("broker.")).toList();
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(databaseFiles).extracting(f -> f.getFileName().toString()).contains("broker.mv.db");
        for (Path file : databaseFiles) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
        for (String secret : List.of("kek", "admin-token")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(secret))))
                    .as(secret).isEqualTo("rw-------");
        }
    }

    @Test
    void ensureDirectory_createsMissingParentsOwnerOnly() throws IOException {
        Path base = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "perm-");
        Path nested = base.resolve("a").resolve("b");

        DataDirectory.ensureDirectory(nested);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(base.resolve("a"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))).isEqualTo("rwx------");
    }
}
