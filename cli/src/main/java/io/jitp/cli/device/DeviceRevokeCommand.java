package io.jitp.cli.device;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitp device revoke}. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        header = "Revoke a device's certificates in AWS IoT and the ledger (safe to repeat).",
        description = "The device's next credentials exchange fails (403: certificate not ACTIVE). A certificate "
                + "AWS IoT never saw is registered there as REVOKED, so that JITP cannot activate it later.",
        footerHeading = "%nExamples:%n",
        footer = "  jitp device revoke pump-0001 --confirm pump-0001")
public class DeviceRevokeCommand extends BrokerCommand {

    @Parameters(paramLabel = "THING", description = "Thing name.")
    String thing;

    @Option(names = "--confirm", required = true, paramLabel = "THING", description = "The thing name again, "
            + "to confirm.")
    String confirm;

    @Option(names = "--certificate-id", paramLabel = "ID", description = "Only this certificate (default: every "
            + "ACTIVE certificate of the thing).")
    String certificateId;

    @Override
    protected void run(BrokerClient client) {
        JsonNode device = client.post("/v1/devices/" + segment(thing) + "/revoke",
                body().put("confirm", confirm).put("certificateId", certificateId));
        print(device, () -> {
            DevicePrinter.details(out(), device);
            out().println("revoked now: " + (device.path("revoked").isEmpty() ? "nothing (already revoked)"
                    : device.path("revoked").size() + " certificate(s)"));
            out().flush();
        });
    }
}
