package io.jitp.emulator.fault;

/**
 * Fault probabilities for one surface. Each request draws once: with probability {@code throttle} it is
 * throttled, else with {@code internalError} it gets a 500, else with {@code unavailable} a 503, else with
 * {@code reset} its connection is reset; independently, with probability {@code latencyProbability} it is
 * delayed by {@code latencyMillis} first.
 *
 * @param throttle probability of a throttling answer (ThrottlingException: 400 on the control plane, 429 on
 *     the credentials endpoint, 400 Throttling on STS)
 * @param internalError probability of a 500
 * @param unavailable probability of a 503
 * @param reset probability of a TCP reset instead of an answer
 * @param latencyProbability probability that the request is delayed
 * @param latencyMillis the delay, in milliseconds
 */
public record FaultSettings(double throttle, double internalError, double unavailable, double reset,
        double latencyProbability, long latencyMillis) {

    /** No faults. */
    public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 0, 0, 0);

    public FaultSettings {
        check("throttle", throttle);
        check("internalError", internalError);
        check("unavailable", unavailable);
        check("reset", reset);
        check("latencyProbability", latencyProbability);
        if (throttle + internalError + unavailable + reset > 1.0 + 1e-9) {
            throw new IllegalArgumentException("throttle + internalError + unavailable + reset must not exceed 1");
        }
        if (latencyMillis < 0 || latencyMillis > 600_000) {
            throw new IllegalArgumentException("latencyMillis must be between 0 and 600000");
        }
    }

    private static void check(String name, double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability between 0 and 1");
        }
    }

    /** A copy with another throttling probability. */
    public FaultSettings withThrottle(double value) {
        return new FaultSettings(value, internalError, unavailable, reset, latencyProbability, latencyMillis);
    }

    /** A copy with another 500 probability. */
    public FaultSettings withInternalError(double value) {
        return new FaultSettings(throttle, value, unavailable, reset, latencyProbability, latencyMillis);
    }

    /** A copy with another 503 probability. */
    public FaultSettings withUnavailable(double value) {
        return new FaultSettings(throttle, internalError, value, reset, latencyProbability, latencyMillis);
    }

    /** A copy with another reset probability. */
    public FaultSettings withReset(double value) {
        return new FaultSettings(throttle, internalError, unavailable, value, latencyProbability, latencyMillis);
    }

    /** A copy that delays requests with the given probability. */
    public FaultSettings withLatency(double probability, long millis) {
        return new FaultSettings(throttle, internalError, unavailable, reset, probability, millis);
    }
}
