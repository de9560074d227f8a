package io.jitp.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.Csr;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.IssueRequest;
import io.jitp.pki.KeyType;
import io.jitp.pki.RootCaRequest;
import io.jitp.pki.SubjectNames;

/**
 * Issuance from a CSR (parse the PEM, verify its signature, check the policy, build and sign the certificate)
 * against bare signatures made with the same CA key in the same run: the JDK's default provider (what
 * {@code Signature.getInstance(alg)} returns: SunRsaSign, SunEC) and BouncyCastle, which jitp signs with.
 * {@link #verifyCsr} isolates the proof-of-possession check, which a bare signature does not pay.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(2)
public class IssuanceBenchmark {

    /** The CA and device key type: RSA-2048 or P-256 for both. */
    @Param({"rsa2048", "p256"})
    public String keyType;

    private CertificateAuthority ca;
    private byte[] csrPem;
    private Csr csr;
    private byte[] toBeSigned;
    private PrivateKey jdkKey;
    private String algorithm;
    private Provider bouncyCastle;

    /** Makes the CA, one device CSR, and the bytes a bare signature signs: a real TBSCertificate. */
    @Setup
    public void setUp() throws GeneralSecurityException {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
        bouncyCastle = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        KeyType type = KeyType.parse(keyType);
        ca = CertificateAuthority.create(new RootCaRequest(type, null, null));
        csr = Csr.build(type.generate(), SubjectNames.parseDevice("CN=bench-device-0001,O=Acme", "subject"));
        csrPem = csr.pem().getBytes(StandardCharsets.US_ASCII);
        toBeSigned = ca.issue(new IssueRequest(csr, null, Duration.ofDays(365), null)).certificate()
                .getTBSCertificate();
        algorithm = type.signatureAlgorithm();
        jdkKey = KeyFactory.getInstance(type.algorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(ca.privateKey().getEncoded()));
    }

    /** The whole issuance from the PEM bytes of a CSR to the DER of the certificate. */
    @Benchmark
    public byte[] issueFromCsr() {
        Csr parsed = Csr.parse(csrPem, "csr");
        return ca.issue(new IssueRequest(parsed, null, Duration.ofDays(365), null)).der();
    }

    /** A bare signature with the JDK's default provider for the algorithm. */
    @Benchmark
    public byte[] signJdkDefault() throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(jdkKey);
        signature.update(toBeSigned);
        return signature.sign();
    }

    /** A bare signature with BouncyCastle, the provider jitp signs with. */
    @Benchmark
    public byte[] signBouncyCastle() throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm, bouncyCastle);
        signature.initSign(ca.privateKey());
        signature.update(toBeSigned);
        return signature.sign();
    }

    /** The issuance policy alone (key type, RSA key checks, subject, validity), which issuance applies after it. */
    @Benchmark
    public Object enforcePolicy() {
        return IssuancePolicy.defaults().enforce(csr, Duration.ofDays(365));
    }

    /** The proof-of-possession check alone: verifying the CSR's signature with its own key. */
    @Benchmark
    public boolean verifyCsr() {
        return csr.signatureVerifies();
    }
}
