package io.jitp.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The quality checks a device's RSA public key passes before it is certified, beyond its size (which the key type
 * checks): the CA/Browser Forum Baseline Requirements 6.1.6 rules a CA can check cheaply, and Fermat's method
 * against keys whose two primes are too close together (the weakness of CVE-2022-26320, found in embedded key
 * generators). Every check is deterministic and costs microseconds, so issuance costs the same for every new key.
 * <p>
 * Not checked: whether the modulus is prime or a prime power. That takes a Miller–Rabin round, a full-size modular
 * exponentiation that costs over three RSA-2048 signatures (the Baseline Requirements make it a SHOULD); no
 * working key generator makes such a modulus, and it endangers only the device that sent it.
 */
final class RsaKeyCheck {

    /** The smallest public exponent accepted, 2^16 + 1 (Baseline Requirements 6.1.6). */
    static final BigInteger MIN_EXPONENT = BigInteger.valueOf(65_537);
    /** Public exponents must be below 2^256. */
    static final int MAX_EXPONENT_BITS = 256;
    /** Moduli must have no prime factor below this bound (Baseline Requirements 6.1.6). */
    static final int SMALL_FACTOR_BOUND = 752;
    /** Rounds of Fermat's method, from the square root of the modulus upwards. */
    static final int FERMAT_ROUNDS = 100;

    /** The primes below {@link #SMALL_FACTOR_BOUND}, three to a product (each product below 2^31). */
    private static final int[][] SMALL_PRIME_GROUPS = smallPrimeGroups();
    /** Below this many bits {@link #floorSqrt} leaves the work to {@link BigInteger#sqrt}. */
    private static final int DIRECT_SQRT_BITS = 256;
    private static final int ODD_FILTER_MODULUS = 63 * 65 * 11;
    private static final boolean[] SQUARES_MOD_64 = squareResidues(64, 64);
    private static final boolean[] SQUARES_MOD_ODD = squareResidues(ODD_FILTER_MODULUS, 63, 65, 11);

    private RsaKeyCheck() {
    }

    /** What is wrong with an RSA public key given as a SubjectPublicKeyInfo, or empty if nothing is. */
    static Optional<String> problem(SubjectPublicKeyInfo info) {
        RSAPublicKey key;
        try {
            key = RSAPublicKey.getInstance(info.parsePublicKey());
        } catch (IOException | RuntimeException e) {
            return Optional.of("the RSA public key does not decode as PKCS#1 (modulus, exponent)");
        }
        return problem(key.getModulus(), key.getPublicExponent());
    }

    /** What is wrong with an RSA modulus and public exponent, or empty if nothing is. */
    static Optional<String> problem(BigInteger modulus, BigInteger exponent) {
        if (!exponent.testBit(0) || exponent.compareTo(MIN_EXPONENT) < 0
                || exponent.bitLength() > MAX_EXPONENT_BITS) {
            return Optional.of("the RSA public exponent must be odd, at least 65537 and below 2^256");
        }
        if (modulus.signum() <= 0 || !modulus.testBit(0)) {
            return Optional.of("the RSA modulus is even or not positive");
        }
        if (hasSmallFactor(modulus)) {
            return Optional.of("the RSA modulus has a prime factor below " + SMALL_FACTOR_BOUND);
        }
        if (fermatFactor(modulus).isPresent()) {
            return Optional.of("the RSA modulus factors by Fermat's method: its two primes are too close together");
        }
        return Optional.empty();
    }

    /** A factor found by {@link #FERMAT_ROUNDS} rounds of Fermat's method (a² − n = b², n = (a − b)(a + b)). */
    static Optional<BigInteger> fermatFactor(BigInteger n) {
        BigInteger a = floorSqrt(n);
        if (a.multiply(a).compareTo(n) < 0) {
            a = a.add(BigInteger.ONE);
        }
        BigInteger difference = a.multiply(a).subtract(n);
        for (int round = 0; round < FERMAT_ROUNDS; round++) {
            if (mayBeSquare(difference)) {
                BigInteger b = floorSqrt(difference);
                if (b.multiply(b).equals(difference)) {
                    return Optional.of(a.subtract(b));
                }
            }
            // (a + 1)² − n = a² − n + 2a + 1
            difference = difference.add(a.shiftLeft(1)).add(BigInteger.ONE);
            a = a.add(BigInteger.ONE);
        }
        return Optional.empty();
    }

    /**
     * ⌊√n⌋ for n ≥ 0. {@link BigInteger#sqrt} refines a 32-bit estimate with full-size divisions, six for a
     * 2048-bit modulus; this takes the root of the top half of n recursively and refines it with one full-size
     * Newton step: one full-size division and one squaring, plus the same at each smaller level. The last lines
     * make the result exact whatever the estimate.
     */
    static BigInteger floorSqrt(BigInteger n) {
        if (n.bitLength() <= DIRECT_SQRT_BITS) {
            return n.sqrt();
        }
        int shift = n.bitLength() / 4;
        // (⌊√(n / 4^shift)⌋ + 1) · 2^shift is above √n by less than 2^shift; one Newton step from above leaves
        // an error below 1.
        BigInteger x = floorSqrt(n.shiftRight(2 * shift)).add(BigInteger.ONE).shiftLeft(shift);
        x = x.add(n.divide(x)).shiftRight(1);
        while (x.multiply(x).compareTo(n) > 0) {
            x = x.subtract(BigInteger.ONE);
        }
        while (x.add(BigInteger.ONE).pow(2).compareTo(n) <= 0) {
            x = x.add(BigInteger.ONE);
        }
        return x;
    }

    private static boolean hasSmallFactor(BigInteger n) {
        for (int[] group : SMALL_PRIME_GROUPS) {
            long residue = n.remainder(BigInteger.valueOf(group[0])).longValue();
            for (int i = 1; i < group.length; i++) {
                if (residue % group[i] == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** False when x is certainly not a perfect square (its residue is no square modulo 64, 63, 65 or 11). */
    private static boolean mayBeSquare(BigInteger x) {
        return SQUARES_MOD_64[x.intValue() & 63]
                && SQUARES_MOD_ODD[x.mod(BigInteger.valueOf(ODD_FILTER_MODULUS)).intValue()];
    }

    /** For each x below {@code size}: whether x is a square modulo every one of {@code moduli}. */
    private static boolean[] squareResidues(int size, int... moduli) {
        boolean[][] squares = new boolean[moduli.length][];
        for (int i = 0; i < moduli.length; i++) {
            squares[i] = new boolean[moduli[i]];
            for (long r = 0; r < moduli[i]; r++) {
                squares[i][(int) (r * r % moduli[i])] = true;
            }
        }
        boolean[] residues = new boolean[size];
        for (int x = 0; x < size; x++) {
            boolean square = true;
            for (int i = 0; i < moduli.length && square; i++) {
                square = squares[i][x % moduli[i]];
            }
            residues[x] = square;
        }
        return residues;
    }

    /** Groups of small primes as {product, p1, p2, p3}. */
    private static int[][] smallPrimeGroups() {
        List<Integer> primes = IntStream.range(2, SMALL_FACTOR_BOUND)
                .filter(p -> BigInteger.valueOf(p).isProbablePrime(30)).boxed().toList();
        List<int[]> groups = new ArrayList<>();
        for (int i = 0; i < primes.size(); i += 3) {
            List<Integer> members = primes.subList(i, Math.min(i + 3, primes.size()));
            int[] group = new int[members.size() + 1];
            group[0] = members.stream().reduce(1, (a, b) -> a * b);
            for (int m = 0; m < members.size(); m++) {
                group[m + 1] = members.get(m);
            }
            groups.add(group);
        }
        return groups.toArray(int[][]::new);
    }
}
