package io.jitp.cli.pki;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import io.jitp.pki.AtomicFiles;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.KeyAndCertificate;
import io.jitp.pki.KeyFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jitp pki verification}: the certificate that proves to AWS IoT that you hold the CA key. */
@Command(name = "verification", mixinStandardHelpOptions = true,
        header = "Make the verification certificate for registering the CA with AWS IoT.",
        description = {"Replaces the openssl genrsa / req / x509 -req steps that make verificationCert.pem: CN is "
                + "the registration code ('aws iot get-registration-code'), the key is a fresh P-256 key that is "
                + "thrown away unless --out-key is given, and the certificate is signed by the CA."},
        footerHeading = "%nExamples:%n",
        footer = {"  jitp pki verification --code \"$(aws iot get-registration-code --query registrationCode "
                + "--output text)\""})
public class VerificationCommand implements Callable<Integer> {

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

    @Option(names = "--code", paramLabel = "CODE", required = true,
            description = "The registration code of your AWS account and region.")
    String code;

    @Option(names = "--out-cert", paramLabel = "FILE", defaultValue = "verificationCert.pem",
            description = "Where to write the verification certificate (default: ${DEFAULT-VALUE}).")
    Path outCert;

    @Option(names = "--out-key", paramLabel = "FILE",
            description = "Also keep the throwaway key here, mode 0600 (default: not written).")
    Path outKey;

    @Option(names = "--days", paramLabel = "N", defaultValue = "30",
            description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Password of an encrypted CA key, on the file's first line.")
    Path passwordFile;

    @Override
    public Integer call() {
        var validity = Days.of(spec, days);
        AtomicFiles.refuseExisting(outCert, output.force, "--out-cert");
        AtomicFiles.refuseExisting(outKey, output.force, "--out-key");
        char[] password = PkiFiles.password(passwordFile);
        CertificateAuthority ca;
        try {
            ca = PkiFiles.loadCa(caCert, caKey, password);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }

        KeyAndCertificate verification = PkiFiles.attribute("--code",
                () -> ca.verificationCertificate(code, validity));

        AtomicFiles.Batch batch = new AtomicFiles.Batch(output.force)
                .add(outCert, verification.certificate().pem().getBytes(StandardCharsets.US_ASCII),
                        AtomicFiles.PUBLIC, "--out-cert");
        if (outKey != null) {
            batch.add(outKey, KeyFiles.toPem(verification.privateKey(), null).getBytes(StandardCharsets.US_ASCII),
                    AtomicFiles.OWNER_ONLY, "--out-key");
        }
        batch.commit();

        PrintWriter out = spec.commandLine().getOut();
        out.printf("Wrote %s (CN=%s, signed by %s)%n", outCert, code, ca.certificate().getSubjectX500Principal()
                .getName());
        if (outKey != null) {
            out.printf("Wrote %s (mode 0600)%n", outKey);
        }
        out.printf("Register the CA with: aws iot register-ca-certificate --ca-certificate file://%s "
                + "--verification-cert file://%s --set-as-active --allow-auto-registration%n", caCert, outCert);
        out.flush();
        return 0;
    }
}
