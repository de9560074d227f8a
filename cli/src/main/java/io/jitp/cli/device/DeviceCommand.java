package io.jitp.cli.device;

import picocli.CommandLine.Command;

/** {@code jitp device}: enrolled devices. */
@Command(name = "device", mixinStandardHelpOptions = true,
        header = "Enroll a device with a token, and list, show or revoke enrolled devices.",
        subcommands = {DeviceEnrollCommand.class, DeviceListCommand.class, DeviceShowCommand.class,
                DeviceRevokeCommand.class})
public class DeviceCommand {
}
