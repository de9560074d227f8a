package io.jitp.cli.ca;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitp ca register}. */
@Command(name = "register", mixinStandardHelpOptions = true,
        header = "Register a CA with AWS IoT; safe to repeat (an interrupted registration resumes).",
        footerHeading = "%nExamples:%n",
        footer = {"  jitp ca register factory-a --template factory-jitp",
                "  jitp ca register factory-a --mode SNI_ONLY --template factory-jitp"})
public class CaRegisterCommand extends BrokerCommand {

    /** Registration modes. */
    enum Mode {
        DEFAULT, SNI_ONLY
    }

    @Parameters(paramLabel = "CA", description = "CA id or name.")
    String ca;

    @Option(names = "--mode", description = "DEFAULT (verification certificate) or SNI_ONLY (default: DEFAULT).")
    Mode mode;

    @Option(names = "--template", paramLabel = "NAME", description = "JITP provisioning template to attach.")
    String template;

    @Option(names = "--inactive", description = "Register as INACTIVE (activate later with 'jitp ca activate').")
    boolean inactive;

    @Option(names = "--no-auto-registration", description = "Do not let AWS IoT auto-register device "
            + "certificates (JITP needs auto-registration).")
    boolean noAutoRegistration;

    @Override
    protected void run(BrokerClient client) {
        var body = body().put("mode", mode == null ? null : mode.name()).put("templateName", template);
        if (inactive) {
            body.put("setAsActive", false);
        }
        if (noAutoRegistration) {
            body.put("autoRegistration", false);
        }
        JsonNode registered = client.post("/v1/cas/" + segment(ca) + "/registration", body);
        print(registered, () -> CaPrinter.details(out(), registered));
    }
}
