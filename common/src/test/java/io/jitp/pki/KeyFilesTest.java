package io.jitp.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;

import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

class KeyFilesTest {

    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @TempDir
    Path directory;

    @Test
    void write_noPassword_writesPkcs8PemWithMode0600() throws Exception {
        Path file = directory.resolve("deviceCert.key");
        PrivateKey key = KeyType.P256.generate().getPrivate();

        KeyFiles.write(file, key, null, false, "outKey");

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(AtomicFiles.OWNER_ONLY);
        assertThat(KeyFiles.read(file, null, "key").key().getEncoded()).isEqualTo(key.getEncoded());
        assertThat(directory).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void write_password_encryptsAndReadsBack() throws Exception {
        Path file = directory.resolve("rootCA.key");
        PrivateKey key = KeyType.RSA2048.generate().getPrivate();

        KeyFiles.write(file, key, PASSWORD, false, "outKey");

        String pem = Files.readString(file);
        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        KeyFiles.LoadedKey loaded = KeyFiles.read(file, PASSWORD, "key");
        assertThat(loaded.key().getEncoded()).isEqualTo(key.getEncoded());
        assertThat(loaded.format()).isEqualTo(KeyFiles.Format.ENCRYPTED_PKCS8);
    }

    @Test
    void read_wrongPassword_saysSoWithoutStackTrace() throws Exception {
        Path file = directory.resolve("k.key");
        KeyFiles.write(file, KeyType.P256.generate().getPrivate(), PASSWORD, false, "outKey");

        assertThatThrownBy(() -> KeyFiles.read(file, "wrong".toCharArray(), "caKey"))
                .isInstanceOf(JitpException.class)
                .hasMessage("the password does not decrypt the private key");
    }

    @Test
    void read_encryptedWithoutPassword_asksForIt() throws Exception {
        Path file = directory.resolve("k.key");
        KeyFiles.write(file, KeyType.P256.generate().getPrivate(), PASSWORD, false, "outKey");

        assertThatThrownBy(() -> KeyFiles.read(file, null, "caKey"))
                .isInstanceOf(JitpException.class)
                .hasMessage("the private key is encrypted and no password was given");
    }

    @Test
    void read_legacyPkcs1AndSec1AndEncryptedLegacy_areAllRead() throws Exception {
        KeyPair rsa = KeyType.RSA2048.generate();
        KeyPair ec = KeyType.P384.generate();

        KeyFiles.LoadedKey pkcs1 = KeyFiles.parse(legacyPem(rsa, null), null, "key");
        KeyFiles.LoadedKey sec1 = KeyFiles.parse(legacyPem(ec, null), null, "key");
        KeyFiles.LoadedKey encrypted = KeyFiles.parse(legacyPem(ec, PASSWORD), PASSWORD, "key");

        assertThat(pkcs1.format()).isEqualTo(KeyFiles.Format.PKCS1);
        assertThat(pkcs1.key().getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
        assertThat(sec1.format()).isEqualTo(KeyFiles.Format.SEC1);
        assertThat(encrypted.format()).isEqualTo(KeyFiles.Format.ENCRYPTED_LEGACY);
        assertThat(Keys.matches(encrypted.key(), ec.getPublic())).isTrue();
    }

    @Test
    void write_existingFileWithoutOverwrite_isRefusedAndLeftUntouched() throws Exception {
        Path file = directory.resolve("rootCA.key");
        Files.writeString(file, "precious");

        assertThatThrownBy(() -> KeyFiles.write(file, KeyType.P256.generate().getPrivate(), null, false, "outKey"))
                .isInstanceOf(JitpException.class)
                .hasMessage(file + " already exists")
                .extracting(e -> ((JitpException) e).reason())
                .isEqualTo(Reason.CONFLICT);
        assertThat(Files.readString(file)).isEqualTo("precious");
        assertThat(Files.list(directory)).hasSize(1);
    }

    @Test
    void write_existingFileWithOverwrite_replacesItWithMode0600() throws Exception {
        Path file = directory.resolve("rootCA.key");
        Files.writeString(file, "old");

        KeyFiles.write(file, KeyType.P256.generate().getPrivate(), null, true, "outKey");

        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(AtomicFiles.OWNER_ONLY);
    }

    @Test
    void batch_secondTargetExists_writesNeitherFile() throws Exception {
        Path first = directory.resolve("deviceCert.crt");
        Path second = directory.resolve("deviceCertAndCACert.crt");
        Files.writeString(second, "existing");

        assertThatThrownBy(() -> new AtomicFiles.Batch(false)
                .add(first, new byte[]{1}, AtomicFiles.PUBLIC, "outCert")
                .add(second, new byte[]{2}, AtomicFiles.PUBLIC, "outChain"))
                .isInstanceOf(JitpException.class)
                .extracting(e -> ((JitpException) e).field())
                .isEqualTo("outChain");
        assertThat(first).doesNotExist();
        assertThat(Files.list(directory)).containsExactly(second);
    }

    @Test
    void toString_ofLoadedKey_redactsTheKey() {
        KeyFiles.LoadedKey key = new KeyFiles.LoadedKey(KeyType.P256.generate().getPrivate(), KeyFiles.Format.PKCS8);

        assertThat(key.toString()).isEqualTo("LoadedKey[key=EC (redacted), format=PKCS#8]");
    }

    private static byte[] legacyPem(KeyPair pair, char[] password) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (password == null) {
                writer.writeObject(new JcaMiscPEMGenerator(pair));
            } else {
                writer.writeObject(new JcaMiscPEMGenerator(pair, new JcePEMEncryptorBuilder("AES-256-CBC")
                        .build(password)));
            }
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
