package io.jitp.cli.token;

import picocli.CommandLine.Command;

/** {@code jitp token}: enrollment tokens. */
@Command(name = "token", mixinStandardHelpOptions = true,
        header = "Manage enrollment tokens: one-time secrets a device enrolls with (jitp device enroll).",
        subcommands = {TokenCreateCommand.class, TokenListCommand.class, TokenRevokeCommand.class})
public class TokenCommand {
}
