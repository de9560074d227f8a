package io.jitp.cli.token;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;
import io.jitp.cli.client.Tables;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;

/** {@code jitp token list}. */
@Command(name = "list", mixinStandardHelpOptions = true, header = "List enrollment tokens (never their secrets).")
public class TokenListCommand extends BrokerCommand {

    @Override
    protected void run(BrokerClient client) {
        JsonNode tokens = client.get("/v1/tokens");
        print(tokens, () -> Tables.print(out(), tokens, "ID=id", "FLEET=fleet", "THING=thingName",
                "PATTERN=thingPattern", "USES=uses", "LEFT=usesLeft", "KEYGEN=serverKeygen", "STATE=state",
                "EXPIRES=expiresAt"));
    }
}
