package io.jitp.broker.testing;

import java.time.Duration;

import org.awaitility.Awaitility;

import io.jitp.emulator.Emulator;
import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Outcome;
import io.jitp.emulator.fault.Surface;

/** The control-plane counters and faults of the broker's embedded emulator. */
public final class Iot {

    private final Emulator emulator;

    public Iot(Emulator emulator) {
        this.emulator = emulator;
    }

    /** Every call of an operation so far, whatever its outcome. */
    public long total(String operation) {
        return emulator.faults().total(Surface.CONTROL_PLANE, operation);
    }

    /**
     * The total of an operation once it has reached {@code atLeast}: the emulator counts a call when its answer is
     * complete, a moment after the client has it, so counts are read once they have settled.
     */
    public long awaitTotal(String operation, long atLeast) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> total(operation) >= atLeast);
        return total(operation);
    }

    /** Like {@link #awaitTotal} for one outcome. */
    public long awaitCount(String operation, Outcome outcome, long atLeast) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> count(operation, outcome) >= atLeast);
        return count(operation, outcome);
    }

    /** Calls of an operation that ended with this outcome. */
    public long count(String operation, Outcome outcome) {
        return emulator.faults().count(Surface.CONTROL_PLANE, operation, outcome);
    }

    /** Calls answered by an injected fault. */
    public long injected(String operation) {
        return count(operation, Outcome.INJECTED_THROTTLE) + count(operation, Outcome.INJECTED_INTERNAL_ERROR)
                + count(operation, Outcome.INJECTED_UNAVAILABLE) + count(operation, Outcome.INJECTED_RESET);
    }

    /** Sets the control plane's faults. */
    public void faults(FaultSettings settings) {
        emulator.faults().set(Surface.CONTROL_PLANE, settings);
    }

    /** Sets one operation's faults, which replace the control plane's for that operation. */
    public void faults(String operation, FaultSettings settings) {
        emulator.faults().set(Surface.CONTROL_PLANE, operation, settings);
    }

    /** Removes every fault. */
    public void healthy() {
        faults(FaultSettings.NONE);
        emulator.faults().clearOperations(Surface.CONTROL_PLANE);
    }
}
