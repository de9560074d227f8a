package io.jitp.cli.credentials;

import picocli.CommandLine.Command;

/** {@code jitp credentials}: the device side of the certificate-to-credentials exchange. */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        header = "Exchange the device certificate for temporary AWS credentials (AWS IoT credentials provider).",
        subcommands = {GetCommand.class, ServeCommand.class})
public class CredentialsCommand {
}
