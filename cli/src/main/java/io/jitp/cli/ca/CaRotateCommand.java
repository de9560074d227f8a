package io.jitp.cli.ca;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitp ca rotate}. */
@Command(name = "rotate", mixinStandardHelpOptions = true,
        header = "Rotate a CA: a new one is registered beside it and signs new devices; the old one is RETIRING.")
public class CaRotateCommand extends BrokerCommand {

    @Parameters(paramLabel = "CA", description = "CA id or name.")
    String ca;

    @Option(names = "--key-type", description = "Key type of the new CA (default: the current one's).")
    String keyType;

    @Option(names = "--subject", description = "Subject of the new CA (default: the current one's).")
    String subject;

    @Option(names = "--days", description = "Validity of the new CA in days.")
    Integer days;

    @Override
    protected void run(BrokerClient client) {
        ObjectNode body = body().put("keyType", keyType).put("subject", subject);
        if (days != null) {
            body.put("validityDays", days);
        }
        JsonNode rotated = client.post("/v1/cas/" + segment(ca) + "/rotation", body);
        print(rotated, () -> CaPrinter.details(out(), rotated));
    }
}
