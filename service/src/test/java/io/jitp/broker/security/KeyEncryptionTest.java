package io.jitp.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.broker.config.BrokerConfig;
import io.jitp.broker.config.DataDirectory;
import io.jitp.broker.testing.Configs;
import io.jitp.error.JitpException;
import io.quarkus.runtime.configuration.ConfigurationException;

class KeyEncryptionTest {

    private static final String KEK_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEK_B = Base64.getEncoder().encodeToString("b".repeat(32).getBytes());

    @TempDir
    Path dir;

    @Test
    void sealThenOpen_returnsThePlaintext_andTheBlobHidesIt() {
        KeyEncryption encryption = withKek(KEK_A);
        byte[] secret = "private key bytes".getBytes(StandardCharsets.US_ASCII);

        String sealed = encryption.seal(secret, "ca-1");

        assertThat(encryption.open(sealed, "ca-1")).isEqualTo(secret);
        assertThat(new String(Base64.getDecoder().decode(sealed), StandardCharsets.ISO_8859_1))
                .doesNotContain("private key");
        assertThat(encryption.seal(secret, "ca-1")).isNotEqualTo(sealed);
    }

    @Test
    void open_underAnotherOwner_failsItsIntegrityCheck() {
        KeyEncryption encryption = withKek(KEK_A);
        String sealed = encryption.seal(new byte[]{1, 2, 3}, "ca-1");

        assertThatThrownBy(() -> encryption.open(sealed, "ca-2")).isInstanceOf(JitpException.class)
                .hasMessageContaining("integrity");
    }

    @Test
    void open_withAnotherKek_namesTheWrongKek() {
        String sealed = withKek(KEK_A).seal(new byte[]{1, 2, 3}, "ca-1");

        assertThatThrownBy(() -> withKek(KEK_B).open(sealed, "ca-1")).isInstanceOf(JitpException.class)
                .hasMessageContaining("another key-encryption key")
                .extracting(e -> ((JitpException) e).field()).isEqualTo("jitp.keys.kek");
    }

    @Test
    void open_tamperedBlob_fails() {
        KeyEncryption encryption = withKek(KEK_A);
        byte[] blob = Base64.getDecoder().decode(encryption.seal(new byte[]{1, 2, 3}, "ca-1"));
        blob[blob.length - 1] ^= 1;

        assertThatThrownBy(() -> encryption.open(Base64.getEncoder().encodeToString(blob), "ca-1"))
                .isInstanceOf(JitpException.class);
    }

    @Test
    void embeddedDefault_generatesOneKekFile0600_andReusesIt() throws Exception {
        BrokerConfig config = Configs.broker(Map.of("jitp.data-dir", dir.toString()));
        KeyEncryption first = new KeyEncryption(config, new DataDirectory(config));
        String sealed = first.seal(new byte[]{9}, "x");

        KeyEncryption second = new KeyEncryption(config, new DataDirectory(config));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("kek"))))
                .isEqualTo("rw-------");
        assertThat(second.open(sealed, "x")).containsExactly(9);
        assertThat(second.toString()).doesNotContain(Files.readString(dir.resolve("kek")).strip());
    }

    @Test
    void sharedDatabaseWithoutKek_refusesToStart() {
        BrokerConfig config = Configs.broker(Map.of("jitp.data-dir", dir.toString(), "jitp.database.url",
                "jdbc:postgresql://db/jitp"));

        assertThatThrownBy(() -> new KeyEncryption(config, new DataDirectory(config)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("jitp.keys.kek");
    }

    @Test
    void kekOfTheWrongLength_isRefused() {
        assertThatThrownBy(() -> withKek(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("32");
    }

    private KeyEncryption withKek(String kek) {
        BrokerConfig config = Configs.broker(Map.of("jitp.data-dir", dir.toString(), "jitp.keys.kek", kek));
        return new KeyEncryption(config, new DataDirectory(config));
    }
}
