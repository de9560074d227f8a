package io.jitp.cli.ca;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitp ca retire}. */
@Command(name = "retire", mixinStandardHelpOptions = true,
        header = "Retire a CA: deactivate it in AWS IoT; optionally delete it there and destroy its key.",
        footerHeading = "%nExamples:%n",
        footer = {"  jitp ca retire <ca-id> --confirm <ca-id>",
                "  jitp ca retire <ca-id> --confirm <ca-id> --delete-from-iot --destroy-key "
                        + "--confirm-destroy-key <ca-id>"})
public class CaRetireCommand extends BrokerCommand {

    @Parameters(paramLabel = "CA", description = "CA id (or name).")
    String ca;

    @Option(names = "--confirm", required = true, paramLabel = "CA-ID", description = "The CA id, to confirm.")
    String confirm;

    @Option(names = "--delete-from-iot", description = "Also delete the CA from AWS IoT.")
    boolean deleteFromIot;

    @Option(names = "--destroy-key", description = "Destroy the CA private key (irreversible).")
    boolean destroyKey;

    @Option(names = "--confirm-destroy-key", paramLabel = "CA-ID", description = "The CA id again, required with "
            + "--destroy-key.")
    String confirmDestroyKey;

    @Option(names = "--force", description = "Retire even the current CA of its name.")
    boolean force;

    @Override
    protected void run(BrokerClient client) {
        ObjectNode body = body().put("confirm", confirm).put("deleteFromIot", deleteFromIot)
                .put("destroyKey", destroyKey).put("confirmDestroyKey", confirmDestroyKey).put("force", force);
        JsonNode retired = client.post("/v1/cas/" + segment(ca) + "/retirement", body);
        print(retired, () -> CaPrinter.details(out(), retired));
    }
}
