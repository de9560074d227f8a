package io.jitp.cli.pki;

import picocli.CommandLine.Option;

/** {@code --force}: the one way to let a pki command replace existing files. */
public class OutputFileOptions {

    @Option(names = "--force", description = "Overwrite output files that already exist (default: refuse).")
    boolean force;
}
