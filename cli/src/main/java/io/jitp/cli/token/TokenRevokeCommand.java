package io.jitp.cli.token;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;
import io.jitp.cli.client.Tables;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jitp token revoke}. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        header = "Revoke an enrollment token (safe to repeat); devices it enrolled keep their certificates.")
public class TokenRevokeCommand extends BrokerCommand {

    @Parameters(paramLabel = "ID", description = "Token id (jitp token list).")
    String id;

    @Override
    protected void run(BrokerClient client) {
        JsonNode token = client.delete("/v1/tokens/" + segment(id));
        print(token, () -> Tables.details(out(), token, "id=id", "state=state", "revoked=revokedAt"));
    }
}
