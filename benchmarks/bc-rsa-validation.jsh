// BENCHMARKS.md section 1: what BouncyCastle's RSA modulus validation (a Miller-Rabin round) costs for a key it has
// not seen, against a JDK RSA-2048 signature; medians of 250 and 300 runs after warm-up. Run:
//   jshell --class-path "$(find ~/.m2 -name 'bcprov-jdk18on-1.87.jar')" benchmarks/bc-rsa-validation.jsh
import java.math.BigInteger;
import java.security.*;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.crypto.params.RSAKeyParameters;

long median(long[] nanos) {
    long[] sorted = nanos.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1000;
}

var generator = KeyPairGenerator.getInstance("RSA");
generator.initialize(2048);
var moduli = new java.util.ArrayList<BigInteger>();
for (int i = 0; i < 400; i++) {
    moduli.add(((RSAPublicKey) generator.generateKeyPair().getPublic()).getModulus());
}
for (int i = 0; i < 150; i++) {
    RSAKeyParameters.validateModulus(moduli.get(i)); // warm-up, on other keys
}
long[] validation = new long[250];
for (int i = 0; i < validation.length; i++) {
    long start = System.nanoTime();
    RSAKeyParameters.validateModulus(moduli.get(150 + i));
    validation[i] = System.nanoTime() - start;
}
System.out.println("BC modulus validation, new key, median us: " + median(validation));

var key = generator.generateKeyPair().getPrivate();
var signature = Signature.getInstance("SHA256withRSA");
byte[] data = new byte[600];
long[] signing = new long[300];
for (int i = -300; i < signing.length; i++) {
    long start = System.nanoTime();
    signature.initSign(key);
    signature.update(data);
    signature.sign();
    if (i >= 0) {
        signing[i] = System.nanoTime() - start;
    }
}
System.out.println("JDK SHA256withRSA sign, median us: " + median(signing));
/exit
