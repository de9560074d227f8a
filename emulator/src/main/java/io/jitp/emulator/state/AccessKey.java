package io.jitp.emulator.state;

import java.security.SecureRandom;

/** A long-term access key pair of the emulated account; the secret never appears in {@link #toString()}. */
public record AccessKey(String accessKeyId, String secretAccessKey) {

    private static final String KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** A new random key pair shaped like AWS's: {@code AKIA} + 16 characters, and a 40-character secret. */
    public static AccessKey generate(SecureRandom random) {
        return new AccessKey("AKIA" + randomString(random, KEY_ID_ALPHABET, 16),
                randomString(random, SECRET_ALPHABET, 40));
    }

    /** A random string over an alphabet. */
    public static String randomString(SecureRandom random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** The upper-case base-32 alphabet AWS access key ids use. */
    public static String keyIdAlphabet() {
        return KEY_ID_ALPHABET;
    }

    /** The alphabet of secret access keys. */
    public static String secretAlphabet() {
        return SECRET_ALPHABET;
    }

    @Override
    public String toString() {
        return "AccessKey[accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>]";
    }
}
