package io.jitp.cli.device;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jitp device show}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        header = "Show a device: its current certificate and every certificate it was issued.")
public class DeviceShowCommand extends BrokerCommand {

    @Parameters(paramLabel = "THING", description = "Thing name.")
    String thing;

    @Override
    protected void run(BrokerClient client) {
        JsonNode device = client.get("/v1/devices/" + segment(thing));
        print(device, () -> DevicePrinter.details(out(), device));
    }
}
