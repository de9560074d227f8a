package io.jitp.cli.pki;

import picocli.CommandLine.Command;

/** {@code jitp pki}: the offline PKI steps of the manual JITP procedure, one command each. */
@Command(name = "pki", mixinStandardHelpOptions = true,
        header = "Make and inspect CA, verification and device certificates offline.",
        description = {"Each command replaces one openssl step of the manual AWS IoT JITP procedure and writes the "
                + "files that procedure names. Private keys are written as PKCS#8 PEM with mode 0600; no file is "
                + "overwritten without --force."},
        subcommands = {CaCommand.class, VerificationCommand.class, CsrCommand.class, SignCommand.class,
                InspectCommand.class})
public class PkiCommand {
}
