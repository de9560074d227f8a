package io.jitp.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Arrays;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemGenerationException;

import io.jitp.error.JitpException;

/**
 * Private key files. Keys are written as PKCS#8 PEM, encrypted when a password is given (PBES2: AES-256-CBC
 * with a key from PBKDF2-HMAC-SHA256, {@value #PBKDF2_ITERATIONS} iterations, 16-byte random salt, the form
 * {@code openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256} writes), always mode 0600 and atomically.
 * Keys are read in every form openssl writes: PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY},
 * PKCS#8 {@code PRIVATE KEY}, encrypted PKCS#8 {@code ENCRYPTED PRIVATE KEY} and legacy encrypted PEM
 * ({@code Proc-Type: 4,ENCRYPTED}).
 */
public final class KeyFiles {

    /**
     * PBKDF2 iterations: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. It costs about 0.2 s to decrypt on a warm
     * JVM and about 0.7 s in a one-second CLI process, once per command; a stolen key file costs an attacker the
     * same work per password guess. BouncyCastle derives the key: in a short-lived JVM its PBKDF2 runs about
     * twice as fast as the JDK's (BENCHMARKS.md).
     */
    public static final int PBKDF2_ITERATIONS = 600_000;

    private KeyFiles() {
    }

    /** The forms a private key file can take. */
    public enum Format {
        /** PKCS#1 {@code RSA PRIVATE KEY} (openssl genrsa in 1.x, {@code -traditional}). */
        PKCS1("PKCS#1"),
        /** SEC1 {@code EC PRIVATE KEY} (openssl ecparam -genkey). */
        SEC1("SEC1"),
        /** PKCS#8 {@code PRIVATE KEY} (openssl genpkey, openssl 3 genrsa). */
        PKCS8("PKCS#8"),
        /** PKCS#8 {@code ENCRYPTED PRIVATE KEY}. */
        ENCRYPTED_PKCS8("encrypted PKCS#8"),
        /** Legacy PEM encryption ({@code Proc-Type: 4,ENCRYPTED}) of a PKCS#1 or SEC1 key. */
        ENCRYPTED_LEGACY("legacy encrypted PEM");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        /** A human name for the format. */
        public String label() {
            return label;
        }

        /** Whether a password is needed to read it. */
        public boolean encrypted() {
            return this == ENCRYPTED_PKCS8 || this == ENCRYPTED_LEGACY;
        }
    }

    /**
     * A private key read from a file, with the form it had.
     *
     * @param key the key
     * @param format the form of the file
     */
    public record LoadedKey(PrivateKey key, Format format) {
        @Override
        public String toString() {
            return "LoadedKey[key=" + key.getAlgorithm() + " (redacted), format=" + format.label() + "]";
        }
    }

    /** A private key as PKCS#8 PEM; encrypted when a (non-empty) password is given. */
    public static String toPem(PrivateKey key, char[] password) {
        try {
            OutputEncryptor encryptor = null;
            if (password != null && password.length > 0) {
                JceOpenSSLPKCS8EncryptorBuilder builder = new JceOpenSSLPKCS8EncryptorBuilder(
                        JcaPKCS8Generator.AES_256_CBC);
                builder.setPRF(JcaPKCS8Generator.PRF_HMACSHA256);
                builder.setIterationCount(PBKDF2_ITERATIONS);
                builder.setRandom(Randomness.secureRandom());
                builder.setPassword(password);
                builder.setProvider(Providers.bouncyCastle());
                encryptor = builder.build();
            }
            return Pem.encode(encryptor == null ? "PRIVATE KEY" : "ENCRYPTED PRIVATE KEY",
                    new JcaPKCS8Generator(key, encryptor).generate().getContent());
        } catch (OperatorCreationException | PemGenerationException e) {
            throw new IllegalStateException("cannot encode a " + key.getAlgorithm() + " private key", e);
        }
    }

    /** Writes a private key file: PKCS#8 PEM (encrypted when a password is given), mode 0600, atomically. */
    public static void write(Path path, PrivateKey key, char[] password, boolean overwrite, String field) {
        byte[] pem = toPem(key, password).getBytes(StandardCharsets.US_ASCII);
        try {
            AtomicFiles.write(path, pem, AtomicFiles.OWNER_ONLY, overwrite, field);
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    /** Reads a private key file in any form openssl writes. */
    public static LoadedKey read(Path path, char[] password, String field) {
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw JitpException.invalid(field, "key file " + path + " does not exist", "check the path", e);
        } catch (IOException e) {
            throw JitpException.invalid(field, "cannot read key file " + path, "check the path and permissions", e);
        }
        try {
            return parse(content, password, field);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /**
     * Parses a private key in any form openssl writes; an {@code EC PARAMETERS} block before the key is skipped.
     *
     * @param password the password of an encrypted key, or {@code null}
     */
    public static LoadedKey parse(byte[] content, char[] password, String field) {
        for (Object object : Pem.readObjects(content, "the private key file", field)) {
            LoadedKey key = toKey(object, password, field);
            if (key != null) {
                return key;
            }
        }
        throw JitpException.invalid(field, "the file holds no private key (no PRIVATE KEY block)",
                "give the key file, e.g. rootCA.key");
    }

    /** The key of one parsed PEM object, {@code null} if the object is not a private key. */
    static LoadedKey toKey(Object object, char[] password, String field) {
        try {
            if (object instanceof PEMKeyPair pair) {
                PrivateKeyInfo info = pair.getPrivateKeyInfo();
                boolean rsa = PKCSObjectIdentifiers.rsaEncryption.equals(info.getPrivateKeyAlgorithm().getAlgorithm());
                Format format = rsa ? Format.PKCS1 : Format.SEC1;
                return new LoadedKey(Keys.converter().getPrivateKey(info), format);
            }
            if (object instanceof PrivateKeyInfo info) {
                return new LoadedKey(Keys.converter().getPrivateKey(info), Format.PKCS8);
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                InputDecryptorProvider decryptor = new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(Providers.bouncyCastle())
                        .build(requirePassword(password, field));
                return new LoadedKey(Keys.converter().getPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor)),
                        Format.ENCRYPTED_PKCS8);
            }
            if (object instanceof PEMEncryptedKeyPair encrypted) {
                PEMKeyPair pair = encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(Providers.bouncyCastle())
                                .build(requirePassword(password, field)));
                return new LoadedKey(Keys.converter().getPrivateKey(pair.getPrivateKeyInfo()), Format.ENCRYPTED_LEGACY);
            }
            return null;
        } catch (PKCSException | OperatorCreationException | IOException | RuntimeException e) {
            if (e instanceof JitpException failure) {
                throw failure;
            }
            boolean encrypted = object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair;
            if (encrypted) {
                throw JitpException.invalid(field, "the password does not decrypt the private key",
                        "give the password the key was encrypted with", e);
            }
            throw JitpException.invalid(field, "the private key cannot be decoded", "give the key as openssl wrote it",
                    e instanceof PEMException ? null : e);
        }
    }

    private static char[] requirePassword(char[] password, String field) {
        if (password == null || password.length == 0) {
            throw JitpException.invalid(field, "the private key is encrypted and no password was given",
                    "give the key's password");
        }
        return password;
    }
}
