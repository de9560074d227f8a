package io.jitp.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

class RsaKeyCheckTest {

    private static final BigInteger E = BigInteger.valueOf(65_537);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void problem_keyFromTheJdkGenerator_isNone() {
        Csr csr = TestPki.csr(KeyType.RSA2048, "CN=d1");

        assertThat(RsaKeyCheck.problem(csr.publicKeyInfo())).isEmpty();
    }

    @Test
    void problem_smallOrEvenExponent_namesTheExponent() {
        BigInteger modulus = prime(1024).multiply(prime(1024));

        assertThat(RsaKeyCheck.problem(modulus, BigInteger.valueOf(3))).get().asString().contains("public exponent");
        assertThat(RsaKeyCheck.problem(modulus, BigInteger.valueOf(65_538))).get().asString()
                .contains("public exponent");
        assertThat(RsaKeyCheck.problem(modulus, BigInteger.ONE.shiftLeft(256).add(BigInteger.ONE))).isPresent();
    }

    @Test
    void problem_evenModulus_isRefused() {
        assertThat(RsaKeyCheck.problem(prime(1024).shiftLeft(1), E))
                .contains("the RSA modulus is even or not positive");
    }

    @Test
    void problem_smallPrimeFactor_namesTheBound() {
        BigInteger modulus = BigInteger.valueOf(751).multiply(prime(2038));

        assertThat(RsaKeyCheck.problem(modulus, E)).contains("the RSA modulus has a prime factor below 752");
    }

    @Test
    void problem_anySmallPrimeFactor_isFound() {
        BigInteger rest = prime(1500);
        for (int p : new int[]{3, 5, 7, 11, 13, 727, 733, 739, 743}) {
            assertThat(RsaKeyCheck.problem(rest.multiply(BigInteger.valueOf(p)), E)).as("factor %d", p).isPresent();
        }
        assertThat(RsaKeyCheck.problem(rest.multiply(BigInteger.valueOf(757)), E)).as("757 is above the bound")
                .isEmpty();
    }

    @Test
    void floorSqrt_agreesWithTheJdk_forSquaresTheirNeighboursAndRandomValues() {
        for (int bits = 1; bits <= 4200; bits += bits < 300 ? 1 : 37) {
            BigInteger x = new BigInteger(bits, RANDOM);
            BigInteger square = x.pow(2);
            for (BigInteger n : new BigInteger[]{x, square, square.subtract(BigInteger.ONE).max(BigInteger.ZERO),
                    square.add(BigInteger.ONE), square.add(x.shiftLeft(1))}) {
                assertThat(RsaKeyCheck.floorSqrt(n)).as("√%s", n).isEqualTo(n.sqrt());
            }
        }
    }

    @Test
    void fermatFactor_primesWithin2To500_findsTheFactor() {
        BigInteger p = prime(1024);
        BigInteger q = p.add(BigInteger.ONE.shiftLeft(500)).nextProbablePrime();

        assertThat(RsaKeyCheck.fermatFactor(p.multiply(q))).contains(p);
    }

    @Test
    void fermatFactor_independentPrimes_findsNothing() {
        assertThat(RsaKeyCheck.fermatFactor(prime(1024).multiply(prime(1024)))).isEmpty();
    }

    @Test
    void enforce_csrWithClosePrimes_isRefusedNamingTheKey() throws GeneralSecurityException {
        BigInteger p = prime(1024);
        BigInteger q = p.nextProbablePrime();
        while (!q.subtract(BigInteger.ONE).gcd(E).equals(BigInteger.ONE)) {
            q = q.nextProbablePrime();
        }
        Csr csr = TestKeys.csr(rsaKeyPair(p, q), "CN=printer-7", "SHA256withRSA");

        assertThat(csr.signatureVerifies()).isTrue();
        assertThatThrownBy(() -> IssuancePolicy.defaults().enforce(csr, Duration.ofDays(1)))
                .isInstanceOf(JitpException.class)
                .hasMessage("the RSA modulus factors by Fermat's method: its two primes are too close together: "
                        + "the key is weak or broken")
                .satisfies(e -> assertThat(((JitpException) e).reason()).isEqualTo(Reason.FORBIDDEN))
                .satisfies(e -> assertThat(((JitpException) e).field()).isEqualTo("key"));
    }

    private static BigInteger prime(int bits) {
        BigInteger prime;
        do {
            prime = BigInteger.probablePrime(bits, RANDOM);
            // both top bits set, so that two such primes make a full-size modulus; e invertible modulo p - 1
        } while (!prime.testBit(bits - 2) || !prime.subtract(BigInteger.ONE).gcd(E).equals(BigInteger.ONE));
        return prime;
    }

    /** An RSA key pair from two chosen primes, as a broken key generator would make it. */
    private static KeyPair rsaKeyPair(BigInteger p, BigInteger q) throws GeneralSecurityException {
        BigInteger n = p.multiply(q);
        BigInteger phi = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
        BigInteger d = E.modInverse(phi);
        KeyFactory factory = KeyFactory.getInstance("RSA");
        return new KeyPair(factory.generatePublic(new RSAPublicKeySpec(n, E)),
                factory.generatePrivate(new RSAPrivateCrtKeySpec(n, E, d, p, q, d.mod(p.subtract(BigInteger.ONE)),
                        d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p))));
    }
}
