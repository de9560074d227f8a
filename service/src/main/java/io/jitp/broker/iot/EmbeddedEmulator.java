package io.jitp.broker.iot;

import jakarta.enterprise.context.ApplicationScoped;

/** The AWS IoT emulator started in-process for the embedded default. */
@ApplicationScoped
public class EmbeddedEmulator {

    /** Starts the emulator on free loopback ports and returns how to reach it. */
    public IotConnection start() {
        // TODO: start io.jitp.emulator.Emulator once the emulator module lands (#4)
        throw new IllegalStateException("the embedded AWS IoT emulator is not available in this build: "
                + "set jitp.iot.region (and jitp.iot.endpoint-override)");
    }
}
