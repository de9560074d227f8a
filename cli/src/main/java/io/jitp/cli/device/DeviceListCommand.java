package io.jitp.cli.device;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;
import io.jitp.cli.client.Tables;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitp device list}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        header = "List issued device certificates (the broker's ledger), by thing, newest first.")
public class DeviceListCommand extends BrokerCommand {

    @Option(names = "--fleet", paramLabel = "FLEET", description = "Only this fleet's devices.")
    String fleet;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only ACTIVE or REVOKED certificates.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows (default and maximum: 1000).")
    Integer limit;

    @Override
    protected void run(BrokerClient client) {
        StringBuilder query = new StringBuilder();
        append(query, "fleet", fleet);
        append(query, "status", status);
        append(query, "limit", limit == null ? null : limit.toString());
        JsonNode devices = client.get("/v1/devices" + query);
        print(devices, () -> Tables.print(out(), devices, "THING=thingName", "STATUS=status", "FLEET=fleet",
                "NOT AFTER=notAfter", "CUSTODIAL=custodialKey", "CERTIFICATE=certificateId"));
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.length() == 0 ? '?' : '&').append(name).append('=').append(segment(value));
        }
    }
}
