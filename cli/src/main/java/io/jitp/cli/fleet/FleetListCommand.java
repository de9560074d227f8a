package io.jitp.cli.fleet;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;
import io.jitp.cli.client.Tables;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;

/** {@code jitp fleet list}. */
@Command(name = "list", mixinStandardHelpOptions = true, header = "List fleets.")
public class FleetListCommand extends BrokerCommand {

    @Override
    protected void run(BrokerClient client) {
        JsonNode fleets = client.get("/v1/fleets");
        print(fleets, () -> Tables.print(out(), fleets, "NAME=name", "ROLE ALIAS=roleAlias",
                "POLICY=policyName", "CA=caName", "TEMPLATE=templateName", "ROLE=roleArn"));
    }
}
