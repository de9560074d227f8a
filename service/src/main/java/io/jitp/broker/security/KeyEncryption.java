package io.jitp.broker.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.jitp.broker.config.BrokerConfig;
import io.jitp.broker.config.DataDirectory;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Encrypts CA private keys at rest with AES-256-GCM under the key-encryption key (KEK). The KEK comes from
 * {@code jitp.keys.kek} (environment / Secret), from {@code jitp.keys.kek-file}, or, in the embedded default,
 * from {@code <data-dir>/kek}, generated 0600 on first start.
 * <p>
 * Sealed format (base64 in the database): version byte {@code 1}, the first 8 bytes of SHA-256(KEK) (so that a
 * wrong KEK is named as such instead of failing as corrupt data), a 12-byte random nonce, then ciphertext and the
 * 16-byte tag. The associated data binds each blob to its owner (e.g. the CA id), so that a blob copied onto
 * another row does not decrypt.
 */
@ApplicationScoped
public class KeyEncryption {

    private static final Logger LOG = Logger.getLogger(KeyEncryption.class);
    private static final byte VERSION = 1;
    private static final int FINGERPRINT_LENGTH = 8;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec kek;
    private final byte[] fingerprint;
    private final String source;

    public KeyEncryption(BrokerConfig config, DataDirectory dataDirectory) {
        Loaded loaded = load(config, dataDirectory);
        this.kek = new SecretKeySpec(loaded.key, "AES");
        this.fingerprint = fingerprint(loaded.key);
        this.source = loaded.source;
        Arrays.fill(loaded.key, (byte) 0);
        LOG.infof("Key-encryption key loaded [source=%s, fingerprint=%s]", source, fingerprintHex());
    }

    /** Encrypts {@code plaintext}, bound to {@code owner}; returns the sealed blob in base64. */
    public String seal(byte[] plaintext, String owner) {
        try {
            byte[] nonce = new byte[NONCE_LENGTH];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            ByteBuffer out = ByteBuffer.allocate(1 + FINGERPRINT_LENGTH + NONCE_LENGTH + sealed.length);
            out.put(VERSION).put(fingerprint).put(nonce).put(sealed);
            return Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new JitpException(Reason.INTERNAL, "cannot encrypt a key", null, null, null, e);
        }
    }

    /** Decrypts a blob made by {@link #seal}; the caller clears the returned array after use. */
    public byte[] open(String sealedBase64, String owner) {
        byte[] sealed = Base64.getDecoder().decode(sealedBase64);
        if (sealed.length < 1 + FINGERPRINT_LENGTH + NONCE_LENGTH + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new JitpException(Reason.INTERNAL, "stored key of " + owner + " has an unknown format", null,
                    null, null, null);
        }
        byte[] storedFingerprint = Arrays.copyOfRange(sealed, 1, 1 + FINGERPRINT_LENGTH);
        if (!MessageDigest.isEqual(storedFingerprint, fingerprint)) {
            throw new JitpException(Reason.INTERNAL, "the key of " + owner + " was encrypted under another "
                    + "key-encryption key (fingerprint " + HexFormat.of().formatHex(storedFingerprint) + ", loaded "
                    + fingerprintHex() + ")", "jitp.keys.kek", "configure the key-encryption key used before",
                    null, null);
        }
        try {
            int offset = 1 + FINGERPRINT_LENGTH;
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, sealed, offset, NONCE_LENGTH));
            cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
            offset += NONCE_LENGTH;
            return cipher.doFinal(sealed, offset, sealed.length - offset);
        } catch (AEADBadTagException e) {
            throw new JitpException(Reason.INTERNAL, "the stored key of " + owner + " failed its integrity check",
                    null, null, null, e);
        } catch (GeneralSecurityException e) {
            throw new JitpException(Reason.INTERNAL, "cannot decrypt a key", null, null, null, e);
        }
    }

    /** Whether a sealed blob was made under the loaded KEK (its fingerprint matches); nothing is decrypted. */
    public boolean sealedWithThisKek(String sealedBase64) {
        byte[] sealed = Base64.getDecoder().decode(sealedBase64);
        return sealed.length > 1 + FINGERPRINT_LENGTH && sealed[0] == VERSION
                && MessageDigest.isEqual(Arrays.copyOfRange(sealed, 1, 1 + FINGERPRINT_LENGTH), fingerprint);
    }

    /** Hex of the first bytes of SHA-256(KEK): identifies the KEK in logs without revealing it. */
    public String fingerprintHex() {
        return HexFormat.of().formatHex(fingerprint);
    }

    @Override
    public String toString() {
        return "KeyEncryption[source=" + source + ", fingerprint=" + fingerprintHex() + "]";
    }

    private static Loaded load(BrokerConfig config, DataDirectory dataDirectory) {
        if (config.keys().kek().isPresent()) {
            return new Loaded(decode(config.keys().kek().get(), "jitp.keys.kek"), "jitp.keys.kek");
        }
        if (config.keys().kekFile().isPresent()) {
            Path file = config.keys().kekFile().get();
            return new Loaded(decode(read(file), "jitp.keys.kek-file"), file.toString());
        }
        if (config.database().url().filter(url -> !url.isBlank()).isPresent()) {
            throw new ConfigurationException("A shared database needs a shared key-encryption key: set "
                    + "jitp.keys.kek (e.g. JITP_KEYS_KEK from a Secret) or jitp.keys.kek-file to 32 random bytes "
                    + "in base64 (openssl rand -base64 32)");
        }
        Path file = dataDirectory.resolve("kek");
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        boolean created = DataDirectory.writeSecret(file,
                Base64.getEncoder().encodeToString(fresh).getBytes(StandardCharsets.US_ASCII), false);
        Arrays.fill(fresh, (byte) 0);
        if (created) {
            LOG.infof("Generated a key-encryption key [file=%s]", file);
        }
        return new Loaded(decode(read(file), file.toString()), file.toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new ConfigurationException("jitp.keys.kek-file: cannot read the key-encryption key file " + file
                    + " (" + e.getClass().getSimpleName().replace("Exception", "") + "); check the path and its "
                    + "permissions");
        }
    }

    private static byte[] decode(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("The key-encryption key in " + where + " is not base64: give 32 random "
                    + "bytes in base64 (openssl rand -base64 32)");
        }
        if (key.length != 32) {
            throw new ConfigurationException("The key-encryption key in " + where + " has " + key.length
                    + " bytes; it must have 32 (openssl rand -base64 32)");
        }
        return key;
    }

    private static byte[] fingerprint(byte[] key) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key), FINGERPRINT_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Loaded(byte[] key, String source) {
        @Override
        public String toString() {
            return "Loaded[source=" + source + "]";
        }
    }
}
