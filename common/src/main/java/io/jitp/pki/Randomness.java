package io.jitp.pki;

import java.math.BigInteger;
import java.security.SecureRandom;

/** The one source of randomness for keys, serial numbers and salts. */
final class Randomness {

    /** 20 octets, the most RFC 5280 allows for a serial number; 159 bits of entropy once made positive. */
    private static final int SERIAL_OCTETS = 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Randomness() {
    }

    /** The shared, thread-safe generator (the platform default, seeded by the operating system). */
    static SecureRandom secureRandom() {
        return RANDOM;
    }

    /**
     * A certificate serial number: positive, non-zero, at most 20 octets in DER, with 159 random bits (CA/B
     * Forum asks for at least 64).
     */
    static BigInteger serialNumber() {
        byte[] bytes = new byte[SERIAL_OCTETS];
        BigInteger serial;
        do {
            RANDOM.nextBytes(bytes);
            bytes[0] &= 0x7f;
            serial = new BigInteger(1, bytes);
        } while (serial.signum() == 0);
        return serial;
    }
}
