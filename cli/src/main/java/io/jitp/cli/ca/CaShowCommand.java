package io.jitp.cli.ca;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jitp ca show}. */
@Command(name = "show", mixinStandardHelpOptions = true, header = "Show a CA and its AWS IoT registration.")
public class CaShowCommand extends BrokerCommand {

    @Parameters(paramLabel = "CA", description = "CA id, or name (its current generation).")
    String ca;

    @Override
    protected void run(BrokerClient client) {
        JsonNode found = client.get("/v1/cas/" + segment(ca));
        print(found, () -> CaPrinter.details(out(), found));
    }
}
