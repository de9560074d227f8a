package io.jitp.cli.device;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;
import io.jitp.cli.client.Tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code jitp device list}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        header = "List issued device certificates (the broker's ledger), by thing, newest first.")
public class DeviceListCommand extends BrokerCommand {

    /** The broker's largest page. */
    static final int PAGE = 1000;

    @Option(names = "--fleet", paramLabel = "FLEET", description = "Only this fleet's devices.")
    String fleet;

    @Option(names = "--status", paramLabel = "STATUS", description = "Only ACTIVE or REVOKED certificates.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N rows (default: every row; the broker "
            + "answers 1000 per page and the command follows the pages).")
    Integer limit;

    @Option(names = "--page-size", paramLabel = "N", description = "Rows per request to the broker (1-1000, "
            + "default 1000).")
    int pageSize = PAGE;

    @Override
    protected void run(BrokerClient client) {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
        if (pageSize < 1 || pageSize > PAGE) {
            throw new ParameterException(spec.commandLine(), "--page-size must be between 1 and " + PAGE + ", not "
                    + pageSize);
        }
        StringBuilder query = new StringBuilder();
        append(query, "fleet", fleet);
        append(query, "status", status);
        append(query, "limit", Integer.toString(limit == null ? pageSize : Math.min(limit, pageSize)));
        ArrayNode devices = JsonNodeFactory.instance.arrayNode();
        String path = "/v1/devices" + query;
        while (path != null && (limit == null || devices.size() < limit)) {
            BrokerClient.Page page = client.getPage(path);
            for (JsonNode device : page.body()) {
                if (limit == null || devices.size() < limit) {
                    devices.add(device);
                }
            }
            path = page.next();
        }
        print(devices, () -> Tables.print(out(), devices, "THING=thingName", "STATUS=status", "FLEET=fleet",
                "NOT AFTER=notAfter", "CUSTODIAL=custodialKey", "CERTIFICATE=certificateId"));
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.length() == 0 ? '?' : '&').append(name).append('=').append(segment(value));
        }
    }
}
