package io.jitp.cli.template;

import java.nio.file.Path;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;
import io.jitp.cli.client.Tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitp template put}: store a template in AWS IoT through the broker. */
@Command(name = "put", mixinStandardHelpOptions = true,
        header = "Create or update a JITP template in AWS IoT through the broker (a new version when it changed).",
        footerHeading = "%nExamples:%n",
        footer = "  jitp template put factory-jitp template.json --role-arn arn:aws:iam::123456789012:role/jitp")
public class TemplatePutCommand extends BrokerCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "Template name (1-36 letters, digits, _ or -).")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "The template as a JSON object.")
    Path file;

    @Option(names = "--role-arn", paramLabel = "ARN", description = "The IAM role AWS IoT assumes to provision "
            + "(default: the broker's jitp.iot.default-provisioning-role-arn).")
    String roleArn;

    @Option(names = "--description", description = "Description.")
    String description;

    @Option(names = "--disabled", description = "Store the template disabled.")
    boolean disabled;

    @Override
    protected void run(BrokerClient client) {
        ObjectNode body = body().put("provisioningRoleArn", roleArn).put("description", description)
                .put("enabled", !disabled);
        body.set("body", readJson(file, "FILE"));
        JsonNode template = client.put("/v1/templates/" + segment(name), body);
        print(template, () -> TemplatePrinter.details(out(), template));
    }

    /** Human output of templates. */
    static final class TemplatePrinter {
        private TemplatePrinter() {
        }

        static void details(java.io.PrintWriter out, JsonNode template) {
            Tables.details(out, template, "name=name", "arn=arn", "description=description",
                    "provisioning role=provisioningRoleArn", "enabled=enabled", "version=defaultVersionId",
                    "attached to=attachedTo", "changed=changed");
        }
    }

    @Override
    protected String option(String field) {
        return "name".equals(field) ? "NAME" : null;
    }
}
