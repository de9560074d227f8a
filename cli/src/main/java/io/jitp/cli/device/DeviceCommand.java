package io.jitp.cli.device;

import picocli.CommandLine.Command;

/** {@code jitp device}: enrolled devices. */
@Command(name = "device", mixinStandardHelpOptions = true,
        header = "Enroll a device with a token; list, show, revoke, check (doctor) enrolled devices; get a "
                + "custodial device's credentials.",
        subcommands = {DeviceEnrollCommand.class, DeviceListCommand.class, DeviceShowCommand.class,
                DeviceRevokeCommand.class, DeviceDoctorCommand.class, DeviceCredentialsCommand.class})
public class DeviceCommand {
}
