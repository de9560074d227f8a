package io.jitp.cli.ca;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerCommand;
import io.jitp.pki.AtomicFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitp ca export}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Export a CA certificate as PEM (rootCA.pem); never its key.")
public class CaExportCommand extends BrokerCommand {

    @Parameters(paramLabel = "CA", description = "CA id or name.")
    String ca;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to this file instead of standard output.")
    Path file;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    @Override
    protected void run(BrokerClient client) {
        String pem = client.getText("/v1/cas/" + segment(ca) + "/certificate", "application/x-pem-file");
        if (file == null) {
            out().print(pem);
            out().flush();
        } else {
            AtomicFiles.write(file, pem.getBytes(StandardCharsets.US_ASCII), AtomicFiles.PUBLIC, force, "--out");
            spec.commandLine().getErr().println("wrote " + file);
        }
    }
}
