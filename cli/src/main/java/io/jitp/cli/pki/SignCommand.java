package io.jitp.cli.pki;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;

import io.jitp.pki.AtomicFiles;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.Csr;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.IssueRequest;
import io.jitp.pki.IssuedCertificate;
import io.jitp.pki.SubjectNames;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jitp pki sign}: a device certificate from a CSR, instead of {@code openssl x509 -req} + {@code cat}. */
@Command(name = "sign", mixinStandardHelpOptions = true, header = "Sign a device CSR with the CA.",
        description = {"Replaces 'openssl x509 -req -in deviceCert.csr -CA rootCA.pem -CAkey rootCA.key "
                + "-CAcreateserial -out deviceCert.crt -days 365 -sha256' and 'cat deviceCert.crt rootCA.pem > "
                + "deviceCertAndCACert.crt'. The CSR signature is verified (proof of possession) and the request "
                + "checked against the default issuance policy: RSA 2048/3072/4096 or EC P-256/P-384 keys, a CN "
                + "that is a valid thing name, at most 3650 days. The certificate is an end-entity certificate "
                + "(CA:FALSE, digitalSignature, clientAuth) whose subject holds CN and the other JITP fields of "
                + "the CSR; its validity never outlasts the CA."},
        footerHeading = "%nExamples:%n",
        footer = {"  jitp pki sign", "  jitp pki sign --csr pump-0042.csr --out-cert pump-0042.crt --out-chain "
                + "pump-0042-chain.crt --days 730"})
public class SignCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputFileOptions output;

    @Option(names = "--ca-cert", paramLabel = "FILE", defaultValue = "rootCA.pem",
            description = "The CA certificate (default: ${DEFAULT-VALUE}).")
    Path caCert;

    @Option(names = "--ca-key", paramLabel = "FILE", defaultValue = "rootCA.key",
            description = "The CA private key, any form openssl writes (default: ${DEFAULT-VALUE}).")
    Path caKey;

    @Option(names = "--csr", paramLabel = "FILE", defaultValue = "deviceCert.csr",
            description = "The device CSR, PEM or DER (default: ${DEFAULT-VALUE}).")
    Path csrFile;

    @Option(names = "--out-cert", paramLabel = "FILE", defaultValue = "deviceCert.crt",
            description = "Where to write the device certificate (default: ${DEFAULT-VALUE}).")
    Path outCert;

    @Option(names = "--out-chain", paramLabel = "FILE", defaultValue = "deviceCertAndCACert.crt",
            description = "Where to write the device certificate followed by the CA certificate "
                    + "(default: ${DEFAULT-VALUE}).")
    Path outChain;

    @Option(names = "--days", paramLabel = "N", defaultValue = "365",
            description = "Validity in days, at most 3650 and not beyond the CA's end (default: ${DEFAULT-VALUE}, "
                    + "shortened to the CA's end if need be).")
    int days;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Password of an encrypted CA key, on the file's first line.")
    Path passwordFile;

    @Override
    public Integer call() {
        var validity = Days.of(spec, days);
        long maxDays = IssuancePolicy.DEFAULT_MAX_VALIDITY.toDays();
        if (days > maxDays) {
            throw new ParameterException(spec.commandLine(), "--days " + days + " is more than the " + maxDays
                    + " days the issuance policy allows a device certificate; give at most " + maxDays);
        }
        AtomicFiles.refuseExisting(outCert, output.force, "--out-cert");
        AtomicFiles.refuseExisting(outChain, output.force, "--out-chain");
        byte[] csrBytes = PkiFiles.read(csrFile, "--csr");
        Csr csr = PkiFiles.attribute("--csr", () -> Csr.parse(csrBytes, "--csr"));
        char[] password = PkiFiles.password(passwordFile);
        CertificateAuthority ca;
        try {
            ca = PkiFiles.loadCa(caCert, caKey, password);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }

        requireWithinCa(ca, validity);
        IssuedCertificate issued = PkiFiles.attribute("--csr", () -> ca.issue(new IssueRequest(csr, null, validity,
                null)));

        new AtomicFiles.Batch(output.force)
                .add(outCert, issued.pem().getBytes(StandardCharsets.US_ASCII), AtomicFiles.PUBLIC, "--out-cert")
                .add(outChain, issued.chainPem().getBytes(StandardCharsets.US_ASCII), AtomicFiles.PUBLIC,
                        "--out-chain")
                .commit();

        PrintWriter out = spec.commandLine().getOut();
        out.printf("Wrote %s and %s%n", outCert, outChain);
        out.printf("Subject: %s%n", SubjectNames.format(issued.holder().getSubject()));
        out.printf("Valid until: %s%n", issued.notAfter());
        out.printf("AWS IoT certificate id: %s%n", issued.id());
        out.flush();
        return 0;
    }

    /**
     * A --days the user gave that outlasts the CA is refused rather than silently shortened (the default, 365, is
     * clipped to the CA's end, and the output says until when the certificate is valid).
     */
    private void requireWithinCa(CertificateAuthority ca, Duration validity) {
        Instant caEnd = ca.certificate().getNotAfter().toInstant();
        Instant now = Instant.now();
        if (spec.commandLine().getParseResult().hasMatchedOption("--days") && now.plus(validity).isAfter(caEnd)) {
            long left = Math.max(0, Duration.between(now, caEnd).toDays());
            throw new ParameterException(spec.commandLine(), "--days " + days + " outlasts the CA, which is valid "
                    + "until " + caEnd + " (" + left + " days from now); give at most " + left
                    + ", or sign with a CA that lives longer");
        }
    }
}
