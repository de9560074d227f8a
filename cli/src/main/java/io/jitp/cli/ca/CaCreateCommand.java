package io.jitp.cli.ca;

import java.nio.file.Path;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitp ca create}. */
@Command(name = "create", mixinStandardHelpOptions = true, header = "Create a CA with a fresh key in the broker.",
        footerHeading = "%nExamples:%n",
        footer = "  jitp ca create --name factory-a --subject 'CN=Acme Factory A Root,O=Acme' --key-type p256")
public class CaCreateCommand extends BrokerCommand {

    @Option(names = "--name", required = true, description = "CA name (lowercase letters, digits, hyphens).")
    String name;

    @Option(names = "--key-type", description = "rsa2048, rsa3072, rsa4096, p256 or p384 (broker default: p256).")
    String keyType;

    @Option(names = "--subject", description = "CA subject, e.g. 'CN=Acme Root,O=Acme'.")
    String subject;

    @Option(names = "--days", description = "CA validity in days (broker default: 3650).")
    Integer days;

    @Option(names = "--profile-file", paramLabel = "FILE",
            description = "JSON issuance profile for device certificates (keyTypes, requiredFields, fixedFields, "
                    + "commonNamePattern, validityDays).")
    Path profileFile;

    @Override
    protected void run(BrokerClient client) {
        ObjectNode body = body().put("name", name).put("keyType", keyType).put("subject", subject);
        if (days != null) {
            body.put("validityDays", days);
        }
        if (profileFile != null) {
            body.set("profile", readJson(profileFile, "--profile-file"));
        }
        JsonNode ca = client.post("/v1/cas", body);
        print(ca, () -> CaPrinter.details(out(), ca));
    }
}
