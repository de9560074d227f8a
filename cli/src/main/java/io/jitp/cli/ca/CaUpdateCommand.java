package io.jitp.cli.ca;

import java.nio.file.Path;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;
import io.jitp.error.JitpException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitp ca update}. */
@Command(name = "update", mixinStandardHelpOptions = true,
        header = "Change a CA's template, auto-registration or issuance profile.",
        footerHeading = "%nExamples:%n",
        footer = {"  jitp ca update factory-a --template factory-jitp-v2",
                "  jitp ca update factory-a --auto-registration off",
                "  jitp ca update factory-a --profile-file profile.json"})
public class CaUpdateCommand extends BrokerCommand {

    /** On or off. */
    enum Switch {
        on, off
    }

    @Parameters(paramLabel = "CA", description = "CA id or name.")
    String ca;

    @Option(names = "--template", paramLabel = "NAME", description = "JITP template to attach instead.")
    String template;

    @Option(names = "--auto-registration", paramLabel = "on|off", description = "Auto-registration on or off.")
    Switch autoRegistration;

    @Option(names = "--profile-file", paramLabel = "FILE", description = "New JSON issuance profile.")
    Path profileFile;

    @Override
    protected void run(BrokerClient client) {
        if (template == null && autoRegistration == null && profileFile == null) {
            throw JitpException.invalid("--template", "nothing to change",
                    "give --template, --auto-registration or --profile-file");
        }
        JsonNode result = null;
        if (profileFile != null) {
            result = client.put("/v1/cas/" + segment(ca) + "/profile", readJson(profileFile, "--profile-file"));
        }
        if (template != null || autoRegistration != null) {
            ObjectNode body = body().put("templateName", template);
            if (autoRegistration != null) {
                body.put("autoRegistration", autoRegistration == Switch.on);
            }
            result = client.patch("/v1/cas/" + segment(ca) + "/registration", body);
        }
        JsonNode shown = result;
        print(shown, () -> CaPrinter.details(out(), shown));
    }
}
