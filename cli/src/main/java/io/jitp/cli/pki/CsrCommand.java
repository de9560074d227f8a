package io.jitp.cli.pki;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.jitp.error.JitpException;
import io.jitp.pki.AtomicFiles;
import io.jitp.pki.Csr;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.KeyType;
import io.jitp.pki.SubjectField;
import io.jitp.pki.SubjectNames;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jitp pki csr}: a device key and its CSR, instead of {@code openssl genrsa} + {@code openssl req -new}. */
@Command(name = "csr", mixinStandardHelpOptions = true, header = "Create a device key and certificate signing request.",
        description = {"Replaces 'openssl genrsa -out deviceCert.key 2048' and 'openssl req -new -key "
                + "deviceCert.key -out deviceCert.csr'. The CN is the thing name; --subject adds the other fields AWS "
                + "IoT JITP reads (O, OU, C, ST, serialNumber, dnQualifier)."},
        footerHeading = "%nExamples:%n",
        footer = {"  jitp pki csr --thing pump-0042",
                "  jitp pki csr --thing pump-0042 --subject 'O=Acme,OU=Pumps,serialNumber=SN0042' --key-type rsa2048"})
public class CsrCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputFileOptions output;

    @Option(names = "--thing", paramLabel = "NAME", required = true,
            description = "The thing name; it becomes the CN.")
    String thing;

    @Option(names = "--out-key", paramLabel = "FILE", defaultValue = "deviceCert.key",
            description = "Where to write the device private key, mode 0600 (default: ${DEFAULT-VALUE}).")
    Path outKey;

    @Option(names = "--out-csr", paramLabel = "FILE", defaultValue = "deviceCert.csr",
            description = "Where to write the CSR (default: ${DEFAULT-VALUE}).")
    Path outCsr;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "p256", converter = KeyTypeConverter.class,
            completionCandidates = KeyTypeConverter.class,
            description = "Key type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    KeyType keyType;

    @Option(names = "--subject", paramLabel = "DN",
            description = "More subject fields, e.g. 'O=Acme,OU=Pumps'; a CN here must equal --thing.")
    String subject;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Encrypt the key (AES-256, PBKDF2) with the password on this file's first line.")
    Path passwordFile;

    @Override
    public Integer call() {
        Map<SubjectField, String> fields = subjectFields();
        var name = PkiFiles.attribute("--subject", () -> SubjectNames.build(fields));
        AtomicFiles.refuseExisting(outKey, output.force, "--out-key");
        AtomicFiles.refuseExisting(outCsr, output.force, "--out-csr");
        char[] password = PkiFiles.password(passwordFile);
        try {
            KeyPair keyPair = keyType.generate();
            Csr csr = Csr.build(keyPair, name);

            byte[] key = KeyFiles.toPem(keyPair.getPrivate(), password).getBytes(StandardCharsets.US_ASCII);
            try {
                new AtomicFiles.Batch(output.force)
                        .add(outKey, key, AtomicFiles.OWNER_ONLY, "--out-key")
                        .add(outCsr, csr.pem().getBytes(StandardCharsets.US_ASCII), AtomicFiles.PUBLIC, "--out-csr")
                        .commit();
            } finally {
                Arrays.fill(key, (byte) 0);
            }

            PrintWriter out = spec.commandLine().getOut();
            out.printf("Wrote %s (%s key, mode 0600%s) and %s%n", outKey, keyType,
                    password == null ? ", not encrypted" : ", encrypted", outCsr);
            out.printf("CSR subject: %s%n", SubjectNames.format(name));
            out.flush();
            return 0;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private Map<SubjectField, String> subjectFields() {
        if (!thing.matches(IssuancePolicy.THING_NAME_PATTERN)) {
            throw JitpException.invalid("--thing", "'" + thing + "' is not a valid AWS IoT thing name",
                    "use 1 to 128 letters, digits, ':', '_' or '-'");
        }
        Map<SubjectField, String> fields = new EnumMap<>(SubjectField.class);
        if (subject != null) {
            fields.putAll(SubjectField.readAll(SubjectNames.parseDevice(subject, "--subject")));
        }
        String commonName = fields.get(SubjectField.CN);
        if (commonName != null && !commonName.equals(thing)) {
            throw JitpException.invalid("--subject", "the subject's CN '" + commonName + "' differs from --thing '"
                    + thing + "'", "leave CN out of --subject; --thing sets it");
        }
        fields.put(SubjectField.CN, thing);
        return fields;
    }
}
