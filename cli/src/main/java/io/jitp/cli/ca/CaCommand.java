package io.jitp.cli.ca;

import picocli.CommandLine.Command;

/** {@code jitp ca}: CAs held by the broker and their AWS IoT registration. */
@Command(name = "ca", mixinStandardHelpOptions = true,
        header = "Manage the broker's CAs: create, import, register with AWS IoT, rotate, retire.",
        subcommands = {CaCreateCommand.class, CaImportCommand.class, CaListCommand.class, CaShowCommand.class,
                CaRegisterCommand.class, CaActivateCommand.class, CaDeactivateCommand.class, CaUpdateCommand.class,
                CaRotateCommand.class, CaRetireCommand.class, CaExportCommand.class})
public class CaCommand {
}
