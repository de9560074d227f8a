package io.jitp.cli.device;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import io.jitp.cli.OutputOptions;
import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitp device credentials}: temporary AWS credentials of a custodial device, exchanged by the broker. */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        header = "Get a custodial device's AWS credentials through the broker.",
        description = {"The broker exchanges the device's certificate with the key it holds (custodial fleets) and "
                + "caches the answer until 5 minutes before it expires. A device holding its own key uses "
                + "'jitp credentials get' instead."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {" 0:credentials printed",
                " 1:refused or misconfigured (the message names what to fix); retrying will not help",
                " 2:usage error: unknown option, missing or malformed argument",
                " 3:throttled (the broker's fleet-wide limit or AWS) or unavailable; try again later"})
public class DeviceCredentialsCommand extends BrokerCommand {

    /** Exit code: try again later. */
    static final int TRY_LATER = 3;

    /** Output formats. */
    enum Format {
        /** The AWS credential_process JSON (Version 1). */
        process,
        /** Shell export lines. */
        env,
        /** The broker's answer: credentials, source, attempts. */
        json
    }

    @Parameters(paramLabel = "THING", description = "Thing name of the device.")
    String thing;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "process",
            description = "process (credential_process JSON, default), env (export lines) or json.")
    Format format;

    @Option(names = "--refresh", description = "Fetch new credentials even when cached ones are still good.")
    boolean refresh;

    @Override
    public Integer call() {
        BrokerClient client = BrokerClient.connect(broker);
        JsonNode answer;
        try {
            answer = client.post("/v1/devices/" + segment(thing) + "/credentials" + (refresh ? "?refresh=true" : ""),
                    body());
        } catch (JitpException e) {
            if (e.reason() == Reason.TOO_MANY_REQUESTS || e.reason() == Reason.UNAVAILABLE) {
                spec.commandLine().getErr().println("jitp: " + e.getMessage() + (e.fix() == null ? ""
                        : " [" + (e.field() == null ? "" : e.field() + ": ") + e.fix() + "]"));
                spec.commandLine().getErr().flush();
                return TRY_LATER;
            }
            throw e;
        }
        print(out(), output.json() ? Format.json : format, answer);
        return 0;
    }

    @Override
    protected void run(BrokerClient client) {
        throw new UnsupportedOperationException("call() does the work");
    }

    static void print(PrintWriter out, Format format, JsonNode answer) {
        switch (format) {
            case process -> {
                Map<String, Object> process = new LinkedHashMap<>();
                process.put("Version", 1);
                for (String name : new String[]{"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}) {
                    process.put(name, answer.path(name).asText());
                }
                out.println(json(process));
            }
            case env -> {
                out.println("export AWS_ACCESS_KEY_ID=" + quote(answer.path("AccessKeyId").asText()));
                out.println("export AWS_SECRET_ACCESS_KEY=" + quote(answer.path("SecretAccessKey").asText()));
                out.println("export AWS_SESSION_TOKEN=" + quote(answer.path("SessionToken").asText()));
                out.println("export AWS_CREDENTIAL_EXPIRATION=" + quote(answer.path("Expiration").asText()));
            }
            default -> OutputOptions.printJson(out, answer);
        }
        out.flush();
    }

    private static String json(Object value) {
        try {
            return OutputOptions.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
