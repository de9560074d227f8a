package io.jitp.cli.ca;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;
import io.jitp.cli.client.Tables;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;

/** {@code jitp ca list}. */
@Command(name = "list", mixinStandardHelpOptions = true, header = "List the broker's CAs.")
public class CaListCommand extends BrokerCommand {

    @Override
    protected void run(BrokerClient client) {
        JsonNode cas = client.get("/v1/cas");
        print(cas, () -> Tables.print(out(), cas, "NAME=name", "GEN=generation", "STATUS=status",
                "IOT=registration.status", "MODE=registration.mode", "TEMPLATE=registration.templateName",
                "NOT AFTER=notAfter", "ID=id"));
    }
}
