package io.jitp.cli.pki;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import io.jitp.pki.AtomicFiles;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.KeyType;
import io.jitp.pki.RootCaRequest;
import io.jitp.pki.SubjectNames;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jitp pki ca}: a new root CA, instead of {@code openssl genrsa} + {@code openssl req -x509}. */
@Command(name = "ca", mixinStandardHelpOptions = true, header = "Create a root CA key and self-signed certificate.",
        description = {"Replaces 'openssl genrsa -out rootCA.key 2048' and 'openssl req -x509 -new -nodes -key "
                + "rootCA.key -sha256 -days 1024 -out rootCA.pem'. The certificate is X.509 v3 with a random "
                + "159-bit serial, basicConstraints CA:TRUE and keyUsage keyCertSign, cRLSign (both critical), and "
                + "subject and authority key identifiers."},
        footerHeading = "%nExamples:%n",
        footer = {"  jitp pki ca", "  jitp pki ca --key-type p384 --subject 'CN=Acme Fleet Root,O=Acme' --days 3650 "
                + "--password-file ca.pass"})
public class CaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputFileOptions output;

    @Option(names = "--out-key", paramLabel = "FILE", defaultValue = "rootCA.key",
            description = "Where to write the CA private key, mode 0600 (default: ${DEFAULT-VALUE}).")
    Path outKey;

    @Option(names = "--out-cert", paramLabel = "FILE", defaultValue = "rootCA.pem",
            description = "Where to write the CA certificate (default: ${DEFAULT-VALUE}).")
    Path outCert;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "rsa2048", converter = KeyTypeConverter.class,
            completionCandidates = KeyTypeConverter.class,
            description = "Key type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    KeyType keyType;

    @Option(names = "--subject", paramLabel = "DN", defaultValue = RootCaRequest.DEFAULT_SUBJECT,
            description = "CA subject, e.g. 'CN=Acme Root,O=Acme' or '/O=Acme/CN=Acme Root' "
                    + "(default: '${DEFAULT-VALUE}').")
    String subject;

    @Option(names = "--days", paramLabel = "N", defaultValue = "3650",
            description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Encrypt the key (AES-256, PBKDF2) with the password on this file's first line.")
    Path passwordFile;

    @Override
    public Integer call() {
        var validity = Days.of(spec, days);
        var name = PkiFiles.attribute("--subject", () -> SubjectNames.parse(subject, "--subject"));
        AtomicFiles.refuseExisting(outKey, output.force, "--out-key");
        AtomicFiles.refuseExisting(outCert, output.force, "--out-cert");
        char[] password = PkiFiles.password(passwordFile);
        try {
            CertificateAuthority ca = CertificateAuthority.create(new RootCaRequest(keyType, name, validity));

            byte[] key = KeyFiles.toPem(ca.privateKey(), password).getBytes(StandardCharsets.US_ASCII);
            try {
                new AtomicFiles.Batch(output.force)
                        .add(outKey, key, AtomicFiles.OWNER_ONLY, "--out-key")
                        .add(outCert, ca.certificatePem().getBytes(StandardCharsets.US_ASCII), AtomicFiles.PUBLIC,
                                "--out-cert")
                        .commit();
            } finally {
                Arrays.fill(key, (byte) 0);
            }

            PrintWriter out = spec.commandLine().getOut();
            out.printf("Wrote %s (%s key, mode 0600%s) and %s%n", outKey, keyType,
                    password == null ? ", not encrypted" : ", encrypted", outCert);
            out.printf("CA subject: %s%n", SubjectNames.format(name));
            out.printf("CA certificate id: %s%n", ca.id());
            out.flush();
            return 0;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }
}
