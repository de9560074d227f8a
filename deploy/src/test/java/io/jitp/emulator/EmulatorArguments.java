package io.jitp.emulator;

import picocli.CommandLine;

/** Reads {@code jitp-emulator} arguments (e.g. a Kubernetes container's args) exactly as the launcher does. */
public final class EmulatorArguments {

    private EmulatorArguments() {
    }

    /** The configuration these arguments start; throws picocli's exception for a usage error. */
    public static EmulatorConfig parse(String... args) {
        EmulatorMain main = new EmulatorMain();
        new CommandLine(main).parseArgs(args);
        return main.config();
    }
}
