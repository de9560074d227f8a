package io.jitp.cli.fleet;

import picocli.CommandLine.Command;

/** {@code jitp fleet}: role alias and device policy of a fleet. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        header = "Set up fleets: the role alias devices get credentials with and the device policy.",
        subcommands = {FleetEnsureCommand.class, FleetListCommand.class, FleetShowCommand.class})
public class FleetCommand {
}
