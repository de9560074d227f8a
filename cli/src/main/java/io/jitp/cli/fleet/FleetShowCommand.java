package io.jitp.cli.fleet;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jitp fleet show}. */
@Command(name = "show", mixinStandardHelpOptions = true, header = "Show a fleet.")
public class FleetShowCommand extends BrokerCommand {

    @Parameters(paramLabel = "FLEET", description = "Fleet name.")
    String name;

    @Override
    protected void run(BrokerClient client) {
        JsonNode fleet = client.get("/v1/fleets/" + segment(name));
        print(fleet, () -> FleetPrinter.details(out(), fleet));
    }
}
