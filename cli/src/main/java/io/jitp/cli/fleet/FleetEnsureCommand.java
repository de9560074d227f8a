package io.jitp.cli.fleet;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitp fleet ensure}. */
@Command(name = "ensure", mixinStandardHelpOptions = true,
        header = "Ensure a fleet's role alias and device policy exist in AWS IoT (safe to repeat).",
        footerHeading = "%nExamples:%n",
        footer = "  jitp fleet ensure factory-a --role-arn arn:aws:iam::123456789012:role/factory-a-devices")
public class FleetEnsureCommand extends BrokerCommand {

    @Parameters(paramLabel = "FLEET", description = "Fleet name (lowercase letters, digits, hyphens).")
    String name;

    @Option(names = "--role-arn", required = true, description = "IAM role the devices' credentials are for.")
    String roleArn;

    @Option(names = "--role-alias", description = "Role alias name (default: <fleet>-role-alias).")
    String roleAlias;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Credential lifetime, 900-43200 "
            + "(default: 3600).")
    Integer duration;

    @Option(names = "--policy-name", description = "Device policy name (default: <fleet>-device-policy).")
    String policyName;

    @Option(names = "--ca", paramLabel = "NAME", description = "CA whose current generation signs the devices.")
    String ca;

    @Option(names = "--template", paramLabel = "NAME", description = "The fleet's JITP template.")
    String template;

    @Option(names = "--custodial", negatable = true, description = "Keep server-generated device keys (sealed) "
            + "in the broker, or not (--no-custodial); absent keeps the current setting.")
    Boolean custodial;

    @Override
    protected void run(BrokerClient client) {
        ObjectNode body = body().put("roleArn", roleArn).put("roleAlias", roleAlias).put("policyName", policyName)
                .put("caName", ca).put("templateName", template);
        if (custodial != null) {
            body.put("custodial", custodial);
        }
        if (duration != null) {
            body.put("credentialDurationSeconds", duration);
        }
        JsonNode fleet = client.put("/v1/fleets/" + segment(name), body);
        print(fleet, () -> FleetPrinter.details(out(), fleet));
    }
}
