package io.jitp.cli.template;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jitp template delete}. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        header = "Delete a JITP template from AWS IoT (refused while a CA uses it).")
public class TemplateDeleteCommand extends BrokerCommand {

    @Parameters(paramLabel = "NAME", description = "Template name.")
    String name;

    @Override
    protected void run(BrokerClient client) {
        client.delete("/v1/templates/" + segment(name));
        if (!output.json()) {
            out().println("deleted template " + name);
            out().flush();
        } else {
            out().println("{\"deleted\":\"" + name.replace("\"", "") + "\"}");
            out().flush();
        }
    }

    @Override
    protected String option(String field) {
        return "name".equals(field) ? "NAME" : null;
    }
}
