package io.jitp.cli.ca;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jitp ca deactivate}. */
@Command(name = "deactivate", mixinStandardHelpOptions = true, header = "Set a registered CA INACTIVE in AWS IoT.")
public class CaDeactivateCommand extends BrokerCommand {

    @Parameters(paramLabel = "CA", description = "CA id or name.")
    String ca;

    @Override
    protected void run(BrokerClient client) {
        JsonNode updated = client.patch("/v1/cas/" + segment(ca) + "/registration", body().put("status", "INACTIVE"));
        print(updated, () -> CaPrinter.details(out(), updated));
    }
}
