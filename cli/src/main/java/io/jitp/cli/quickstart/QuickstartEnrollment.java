package io.jitp.cli.quickstart;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerOptions;
import io.jitp.cli.device.DeviceEnrollCommand;

import picocli.CommandLine;

/** Quickstart's enrollment: a one-time token from the broker, then exactly what {@code jitp device enroll} does. */
final class QuickstartEnrollment {

    private QuickstartEnrollment() {
    }

    /** Mints a one-time enrollment token for one thing of the fleet; valid ten minutes. */
    static String mintToken(BrokerClient client, String fleet, String thing) {
        return client.post("/v1/tokens",
                io.jitp.cli.OutputOptions.mapper().createObjectNode().put("fleet", fleet).put("thingName", thing)
                        .put("uses", 1).put("expiresInSeconds", 600))
                .path("token").asText();
    }

    /**
     * Runs {@code jitp device enroll} in-process (its output is not shown: quickstart prints its own); {@code replace}
     * replaces the files of an enrollment under another CA.
     */
    static void enroll(BrokerOptions broker, String token, String thing, Path dir, boolean replace) {
        DeviceEnrollCommand command = new DeviceEnrollCommand();
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(new StringWriter()));
        List<String> args = new ArrayList<>(List.of("--broker", broker.url(), "--data-dir",
                broker.dataDir().toString(), "--token", token, "--thing", thing, "--dir", dir.toString()));
        if (replace) {
            args.add("--force");
        }
        if (broker.caFile() != null) {
            args.addAll(List.of("--ca-file", broker.caFile().toString()));
        }
        line.parseArgs(args.toArray(String[]::new));
        command.call();
    }
}
