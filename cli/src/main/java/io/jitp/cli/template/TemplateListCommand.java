package io.jitp.cli.template;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;
import io.jitp.cli.client.Tables;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;

/** {@code jitp template list}. */
@Command(name = "list", mixinStandardHelpOptions = true, header = "List the JITP templates in AWS IoT.")
public class TemplateListCommand extends BrokerCommand {

    @Override
    protected void run(BrokerClient client) {
        JsonNode templates = client.get("/v1/templates");
        print(templates, () -> Tables.print(out(), templates, "NAME=name", "ENABLED=enabled",
                "DESCRIPTION=description", "UPDATED=updatedAt"));
    }
}
