package io.jitp.cli.pki;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import io.jitp.cli.OutputOptions;
import io.jitp.pki.Inspection;
import io.jitp.pki.PemInspector;
import io.quarkus.runtime.annotations.RegisterForReflection;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jitp pki inspect}: what a certificate, CSR or key file holds, instead of {@code openssl x509 -text}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        header = "Show what a certificate, CSR or key file holds.",
        description = {"For a certificate: subject, issuer, validity, key type, extensions, the AWS IoT certificate "
                + "id and the JITP parameters (AWS::IoT::Certificate::*) it supplies. For a CSR: its subject, key, "
                + "whether its signature verifies and the JITP parameters its certificate would supply. For a "
                + "private key: its type and form, never the key itself. PEM (several blocks allowed) or DER."},
        footerHeading = "%nExamples:%n",
        footer = {"  jitp pki inspect deviceCertAndCACert.crt", "  jitp pki inspect deviceCert.crt -o json"})
@RegisterForReflection(targets = {Inspection.class, Inspection.Item.class, Inspection.ExtensionInfo.class})
public class InspectCommand implements Callable<Integer> {

    private static final String INDENT = "  ";

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to inspect.")
    Path file;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Password of an encrypted private key, to show its type.")
    Path passwordFile;

    @Override
    public Integer call() {
        byte[] content = PkiFiles.read(file, "FILE");
        char[] password = PkiFiles.password(passwordFile);
        Inspection inspection;
        try {
            inspection = PkiFiles.attribute(file.toString(), () -> PemInspector.inspect(content, password, "FILE"));
        } finally {
            Arrays.fill(content, (byte) 0);
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }

        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOptions.printJson(out, inspection);
            return 0;
        }
        for (int i = 0; i < inspection.items().size(); i++) {
            if (i > 0) {
                out.println();
            }
            print(out, inspection.items().get(i));
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, Inspection.Item item) {
        out.println(item.kind());
        line(out, "subject", item.subject());
        line(out, "issuer", item.issuer());
        line(out, "serial", item.serialNumber());
        line(out, "not before", item.notBefore());
        line(out, "not after", item.notAfter());
        line(out, "key type", item.keyType());
        line(out, "key format", item.keyFormat());
        line(out, "encrypted", yesNo(item.encrypted()));
        line(out, "signature", item.signatureAlgorithm());
        line(out, "signature ok", yesNo(item.signatureValid()));
        line(out, "CA", yesNo(item.ca()));
        line(out, "self-signed", yesNo(item.selfSigned()));
        line(out, "AWS IoT id", item.certificateId());
        if (item.extensions() != null && !item.extensions().isEmpty()) {
            out.println(INDENT + "extensions:");
            item.extensions().forEach(extension -> out.println(INDENT + INDENT + extension.name()
                    + (extension.critical() ? " (critical)" : "") + ": " + extension.value()));
        }
        if (item.jitpParameters() != null && !item.jitpParameters().isEmpty()) {
            out.println(INDENT + "JITP parameters:");
            item.jitpParameters().forEach((name, value) -> out.println(INDENT + INDENT + name + " = " + value));
        }
        line(out, "note", item.note());
    }

    private static void line(PrintWriter out, String label, String value) {
        if (value != null) {
            out.printf("%s%-14s%s%n", INDENT, label + ":", value);
        }
    }

    private static String yesNo(Boolean value) {
        return value == null ? null : value ? "yes" : "no";
    }
}
