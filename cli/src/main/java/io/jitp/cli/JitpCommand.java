package io.jitp.cli;

import io.jitp.cli.ca.CaCommand;
import io.jitp.cli.credentials.CredentialsCommand;
import io.jitp.cli.device.DeviceCommand;
import io.jitp.cli.fleet.FleetCommand;
import io.jitp.cli.pki.PkiCommand;
import io.jitp.cli.quickstart.QuickstartCommand;
import io.jitp.cli.template.TemplateCommand;
import io.jitp.cli.token.TokenCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;

import picocli.CommandLine.Command;

/** The `jitp` top command: subcommands are grouped noun first, then verb. */
@TopCommand
@Command(name = "jitp", mixinStandardHelpOptions = true, version = "jitp 0.1.0",
        header = "Provision IoT fleets on AWS IoT Core with just-in-time provisioning.",
        subcommands = {PkiCommand.class, CaCommand.class, TemplateCommand.class, FleetCommand.class,
                TokenCommand.class, DeviceCommand.class, CredentialsCommand.class,
                QuickstartCommand.class})
public class JitpCommand {
}
