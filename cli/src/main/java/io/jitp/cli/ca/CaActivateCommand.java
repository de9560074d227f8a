package io.jitp.cli.ca;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jitp ca activate}. */
@Command(name = "activate", mixinStandardHelpOptions = true, header = "Set a registered CA ACTIVE in AWS IoT.")
public class CaActivateCommand extends BrokerCommand {

    @Parameters(paramLabel = "CA", description = "CA id or name.")
    String ca;

    @Override
    protected void run(BrokerClient client) {
        JsonNode updated = client.patch("/v1/cas/" + segment(ca) + "/registration", body().put("status", "ACTIVE"));
        print(updated, () -> CaPrinter.details(out(), updated));
    }
}
