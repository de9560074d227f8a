package io.jitp.cli.ca;

import java.nio.file.Path;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitp ca import}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        header = "Import an existing CA (certificate and key) into the broker.",
        footerHeading = "%nExamples:%n",
        footer = "  jitp ca import --name legacy --cert rootCA.pem --key rootCA.key [--password-file pass.txt]")
public class CaImportCommand extends BrokerCommand {

    @Option(names = "--name", required = true, description = "CA name (lowercase letters, digits, hyphens).")
    String name;

    @Option(names = "--cert", required = true, paramLabel = "FILE", description = "CA certificate (PEM).")
    Path certificate;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "CA private key (PEM: PKCS#1, SEC1, PKCS#8 or encrypted PKCS#8).")
    Path key;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the key's password.")
    Path passwordFile;

    @Option(names = "--profile-file", paramLabel = "FILE", description = "JSON issuance profile.")
    Path profileFile;

    @Override
    protected void run(BrokerClient client) {
        ObjectNode body = body().put("name", name)
                .put("certificatePem", readFile(certificate, "--cert"))
                .put("keyPem", readFile(key, "--key"));
        if (passwordFile != null) {
            body.put("keyPassword", readFile(passwordFile, "--password-file").strip());
        }
        if (profileFile != null) {
            body.set("profile", readJson(profileFile, "--profile-file"));
        }
        JsonNode ca = client.post("/v1/cas/import", body);
        print(ca, () -> CaPrinter.details(out(), ca));
    }
}
