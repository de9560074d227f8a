package io.jitp.emulator.fault;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides injected faults per surface and counts requests by surface, operation and outcome.
 * <p>
 * Decisions are deterministic for a seed: each surface draws from its own generator seeded from the seed and
 * the surface, so the n-th request on a surface always gets the same decision, whatever the other surfaces
 * do. Changing the settings keeps the generators; {@link #reseed(long)} restarts them.
 * <p>
 * Counters are exact: every request is counted once, when its outcome is known, so tests can assert how many
 * upstream calls a client made ({@link #count(Surface, String, Outcome)}).
 */
public final class FaultInjector {

    private final Map<Surface, FaultSettings> settings = new EnumMap<>(Surface.class);
    private final Map<Surface, Map<String, FaultSettings>> operationSettings = new EnumMap<>(Surface.class);
    private final Map<Surface, Random> generators = new EnumMap<>(Surface.class);
    private final Map<Surface, Map<String, Map<Outcome, AtomicLong>>> counters = new EnumMap<>(Surface.class);
    private final Map<Surface, AtomicLong> delayed = new EnumMap<>(Surface.class);
    private final Map<Surface, Map<String, AtomicLong>> arrived = new EnumMap<>(Surface.class);
    private long seed;

    /**
     * @param seed the seed of the fault decisions
     * @param initial settings per surface; missing surfaces get no faults
     */
    public FaultInjector(long seed, Map<Surface, FaultSettings> initial) {
        for (Surface surface : Surface.values()) {
            settings.put(surface, initial.getOrDefault(surface, FaultSettings.NONE));
            counters.put(surface, new ConcurrentHashMap<>());
            operationSettings.put(surface, new HashMap<>());
            arrived.put(surface, new ConcurrentHashMap<>());
            delayed.put(surface, new AtomicLong());
        }
        reseed(seed);
    }

    /** Restarts every surface's generator from a seed. */
    public synchronized void reseed(long newSeed) {
        this.seed = newSeed;
        for (Surface surface : Surface.values()) {
            generators.put(surface, new Random(newSeed * 31 + surface.ordinal()));
        }
    }

    /** The current seed. */
    public synchronized long seed() {
        return seed;
    }

    /** Replaces one surface's settings. */
    public synchronized void set(Surface surface, FaultSettings value) {
        settings.put(surface, value);
    }

    /**
     * Replaces the settings of one operation on a surface, which then take the place of the surface's settings
     * for that operation; {@code null} removes them. Lets a test fail one step of a multi-call operation.
     */
    public synchronized void set(Surface surface, String operation, FaultSettings value) {
        if (value == null) {
            operationSettings.get(surface).remove(operation);
        } else {
            operationSettings.get(surface).put(operation, value);
        }
    }

    /** Removes every operation's own settings on a surface. */
    public synchronized void clearOperations(Surface surface) {
        operationSettings.get(surface).clear();
    }

    /** One surface's settings. */
    public synchronized FaultSettings settings(Surface surface) {
        return settings.get(surface);
    }

    /** Decides the fault for the next request on a surface. */
    public synchronized Fault decide(Surface surface) {
        return decide(surface, null);
    }

    /** Decides the fault for the next request of an operation ({@code null}: unknown) on a surface. */
    public synchronized Fault decide(Surface surface, String operation) {
        if (operation != null) {
            arrived.get(surface).computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        }
        FaultSettings current = operation == null ? null : operationSettings.get(surface).get(operation);
        if (current == null) {
            current = settings.get(surface);
        }
        if (current.equals(FaultSettings.NONE)) {
            return new Fault(Fault.Kind.NONE, 0);
        }
        Random random = generators.get(surface);
        double draw = random.nextDouble();
        double latencyDraw = random.nextDouble();
        Fault.Kind kind;
        if (draw < current.throttle()) {
            kind = Fault.Kind.THROTTLE;
        } else if (draw < current.throttle() + current.internalError()) {
            kind = Fault.Kind.INTERNAL_ERROR;
        } else if (draw < current.throttle() + current.internalError() + current.unavailable()) {
            kind = Fault.Kind.UNAVAILABLE;
        } else if (draw < current.throttle() + current.internalError() + current.unavailable() + current.reset()) {
            kind = Fault.Kind.RESET;
        } else {
            kind = Fault.Kind.NONE;
        }
        long delay = latencyDraw < current.latencyProbability() ? current.latencyMillis() : 0;
        if (delay > 0) {
            delayed.get(surface).incrementAndGet();
        }
        return new Fault(kind, delay);
    }

    /**
     * Requests of an operation that have arrived, counted before any delay or fault: unlike the outcome counters,
     * which count a request once its answer is complete, this tells that a request is in flight.
     *
     * @param operation the operation, or {@code null} for all of them
     */
    public long arrived(Surface surface, String operation) {
        if (operation == null) {
            return arrived.get(surface).values().stream().mapToLong(AtomicLong::get).sum();
        }
        AtomicLong count = arrived.get(surface).get(operation);
        return count == null ? 0 : count.get();
    }

    /** Counts one finished request. */
    public void record(Surface surface, String operation, Outcome outcome) {
        counters.get(surface)
                .computeIfAbsent(operation, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, k -> new AtomicLong())
                .incrementAndGet();
    }

    /** How many requests of an operation ({@code null}: any) on a surface ended with an outcome. */
    public long count(Surface surface, String operation, Outcome outcome) {
        return counters.get(surface)
                .entrySet()
                .stream()
                .filter(e -> operation == null || e.getKey().equals(operation))
                .mapToLong(e -> {
                    AtomicLong value = e.getValue().get(outcome);
                    return value == null ? 0 : value.get();
                })
                .sum();
    }

    /** How many requests of an operation ({@code null}: any) reached a surface, whatever their outcome. */
    public long total(Surface surface, String operation) {
        long sum = 0;
        for (Outcome outcome : Outcome.values()) {
            sum += count(surface, operation, outcome);
        }
        return sum;
    }

    /** How many requests on a surface were delayed by injected latency. */
    public long delayed(Surface surface) {
        return delayed.get(surface).get();
    }

    /** Every counter: surface to operation to outcome to count (only non-zero counts). */
    public Map<Surface, Map<String, Map<Outcome, Long>>> counters() {
        Map<Surface, Map<String, Map<Outcome, Long>>> copy = new EnumMap<>(Surface.class);
        counters.forEach((surface, operations) -> {
            Map<String, Map<Outcome, Long>> byOperation = new TreeMap<>();
            operations.forEach((operation, outcomes) -> {
                Map<Outcome, Long> byOutcome = new EnumMap<>(Outcome.class);
                outcomes.forEach((outcome, value) -> {
                    if (value.get() > 0) {
                        byOutcome.put(outcome, value.get());
                    }
                });
                byOperation.put(operation, byOutcome);
            });
            copy.put(surface, byOperation);
        });
        return copy;
    }

    /** Sets every counter back to zero. */
    public void resetCounters() {
        counters.values().forEach(Map::clear);
        delayed.values().forEach(value -> value.set(0));
        arrived.values().forEach(Map::clear);
    }
}
