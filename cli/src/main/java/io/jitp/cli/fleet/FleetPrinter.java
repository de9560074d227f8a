package io.jitp.cli.fleet;

import java.io.PrintWriter;

import io.jitp.cli.client.Tables;

import com.fasterxml.jackson.databind.JsonNode;

/** Human output of fleets. */
final class FleetPrinter {

    private FleetPrinter() {
    }

    static void details(PrintWriter out, JsonNode fleet) {
        Tables.details(out, fleet, "name=name", "role alias=roleAlias", "role alias arn=roleAliasArn",
                "role arn=roleArn", "duration (s)=credentialDurationSeconds", "device policy=policyName",
                "policy arn=policyArn", "ca=caName", "template=templateName", "custodial=custodial",
                "changed=changed");
    }
}
