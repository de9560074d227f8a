package io.jitp.broker.config;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Runs blocking work (JDBC, key operations, AWS SDK calls) on the worker pool, so that the event loop that
 * serves the API never blocks; the endpoint returns a {@link Uni} at once.
 */
public final class Workers {

    private Workers() {
    }

    /** The result of {@code work}, computed on a worker thread. */
    public static <T> Uni<T> run(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
