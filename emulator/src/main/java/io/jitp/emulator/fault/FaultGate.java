package io.jitp.emulator.fault;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.netty.channel.ChannelOption;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Puts fault injection and counting in front of a surface: decides the fault for each request, delays it,
 * resets its connection or answers with the surface's injected error, or lets the surface serve it; then
 * counts the outcome exactly once.
 */
public final class FaultGate {

    private static final Logger LOG = Logger.getLogger(FaultGate.class);

    private final Vertx vertx;
    private final FaultInjector injector;

    /**
     * @param vertx for timers
     * @param injector decisions and counters
     */
    public FaultGate(Vertx vertx, FaultInjector injector) {
        this.vertx = vertx;
        this.injector = injector;
    }

    /**
     * Runs one request through the gate.
     *
     * @param request the request
     * @param surface its surface
     * @param operation its operation name, for the counters
     * @param injectedError answers the request with the surface's error for an injected fault
     * @param serve serves the request normally and tells how it ended
     */
    public void pass(HttpServerRequest request, Surface surface, String operation,
            Consumer<Fault.Kind> injectedError, Supplier<Future<Outcome>> serve) {
        Fault fault = injector.decide(surface, operation);
        if (fault.delayMillis() > 0) {
            vertx.setTimer(fault.delayMillis(), id -> act(request, surface, operation, fault, injectedError, serve));
        } else {
            act(request, surface, operation, fault, injectedError, serve);
        }
    }

    private void act(HttpServerRequest request, Surface surface, String operation, Fault fault,
            Consumer<Fault.Kind> injectedError, Supplier<Future<Outcome>> serve) {
        switch (fault.kind()) {
            case NONE -> {
                Future<Outcome> outcome;
                try {
                    outcome = serve.get();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "request failed surface=%s operation=%s", surface.key(), operation);
                    if (!request.response().ended()) {
                        request.response().setStatusCode(500).end();
                    }
                    injector.record(surface, operation, Outcome.SERVER_ERROR);
                    return;
                }
                outcome.onComplete(result -> injector.record(surface, operation,
                        result.succeeded() ? result.result() : Outcome.SERVER_ERROR));
            }
            case RESET -> {
                LOG.debugf("injected fault=reset surface=%s operation=%s", surface.key(), operation);
                reset(request.connection());
                injector.record(surface, operation, Outcome.INJECTED_RESET);
            }
            default -> {
                LOG.debugf("injected fault=%s surface=%s operation=%s", fault.kind(), surface.key(), operation);
                injectedError.accept(fault.kind());
                injector.record(surface, operation, Outcome.of(fault.kind()));
            }
        }
    }

    /** Resets a connection: SO_LINGER 0 and close, so the peer sees a TCP RST rather than an orderly close. */
    public static void reset(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            base.channel().close();
        } else {
            connection.close();
        }
    }
}
