package io.jitp.cli.template;

import io.jitp.cli.OutputOptions;
import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitp template get}. */
@Command(name = "get", mixinStandardHelpOptions = true, header = "Show a JITP template stored in AWS IoT.")
public class TemplateGetCommand extends BrokerCommand {

    @Parameters(paramLabel = "NAME", description = "Template name.")
    String name;

    @Option(names = "--body", description = "Print only the template body (a JSON object, ready for 'put').")
    boolean bodyOnly;

    @Override
    protected void run(BrokerClient client) {
        JsonNode template = client.get("/v1/templates/" + segment(name));
        if (bodyOnly) {
            OutputOptions.printJson(out(), template.path("body"));
            return;
        }
        print(template, () -> {
            TemplatePutCommand.TemplatePrinter.details(out(), template);
            out().println("body:");
            OutputOptions.printJson(out(), template.path("body"));
        });
    }

    @Override
    protected String option(String field) {
        return "name".equals(field) ? "NAME" : null;
    }
}
