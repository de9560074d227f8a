package io.jitp.cli.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;
import io.jitp.cli.client.Tables;
import io.jitp.cli.credentials.DurationConverter;
import io.jitp.pki.AtomicFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitp token create}. */
@Command(name = "create", mixinStandardHelpOptions = true,
        header = "Mint an enrollment token (the secret is shown once; the broker keeps only its hash).",
        footerHeading = "%nExamples:%n",
        footer = {"  jitp token create --fleet factory-a --thing pump-0001",
                "  jitp token create --fleet factory-a --thing-pattern 'pump-[0-9]{4}' --uses 500 --expires-in 8h "
                        + "--server-keygen --save line-3.token"})
public class TokenCreateCommand extends BrokerCommand {

    @Option(names = "--fleet", paramLabel = "FLEET", description = "Fleet of the devices (its CA's current "
            + "generation signs; its role alias is what they get).")
    String fleet;

    @Option(names = "--ca", paramLabel = "CA", description = "CA id (pins that generation) or name; the fleet is "
            + "the one using it when --fleet is left out.")
    String ca;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Things things;

    @Option(names = "--uses", paramLabel = "N", description = "How many devices a --thing-pattern token enrolls "
            + "(default: 1).")
    Integer uses;

    @Option(names = "--expires-in", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Lifetime, e.g. 30m, 8h, 7d (default: the broker's, 24h).")
    Duration expiresIn;

    @Option(names = "--server-keygen", description = "Allow the broker to generate the device keys (factory "
            + "lines).")
    boolean serverKeygen;

    @Option(names = "--save", paramLabel = "FILE", description = "Also write the token to FILE (0600), e.g. for "
            + "jitp device enroll --token-file.")
    Path save;

    /** One thing name, or a pattern. */
    static class Things {
        @Option(names = "--thing", paramLabel = "NAME", required = true, description = "The thing name the token "
                + "enrolls.")
        String thing;

        @Option(names = "--thing-pattern", paramLabel = "REGEX", required = true, description = "Regular "
                + "expression (whole match) of the thing names the token enrolls.")
        String pattern;
    }

    @Override
    protected void run(BrokerClient client) {
        ObjectNode body = body().put("fleet", fleet).put("ca", ca).put("thingName", things.thing)
                .put("thingPattern", things.pattern).put("serverKeygen", serverKeygen);
        if (uses != null) {
            body.put("uses", uses);
        }
        if (expiresIn != null) {
            body.put("expiresInSeconds", expiresIn.toSeconds());
        }
        JsonNode token = client.post("/v1/tokens", body);
        if (save != null) {
            AtomicFiles.write(save, (token.path("token").asText() + "\n").getBytes(StandardCharsets.US_ASCII),
                    AtomicFiles.OWNER_ONLY, false, "--save");
        }
        print(token, () -> {
            Tables.details(out(), token, "token=token", "id=id", "fleet=fleet", "ca=caId", "thing=thingName",
                    "thing pattern=thingPattern", "uses=uses", "server keygen=serverKeygen", "expires=expiresAt");
            out().println();
            out().println("The token is shown once. Enroll with: jitp device enroll --broker " + broker.url()
                    + " --token <token> --thing <name> --dir <dir>");
            out().flush();
        });
    }
}
