package io.jitp.broker.iot;

import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.jitp.broker.config.BrokerConfig;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.Guard;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iot.model.IotException;

/**
 * Every AWS IoT call of the broker goes through here: one attempt is timed and counted
 * ({@code jitp_iot_calls_seconds{operation, outcome}}), and throttling, 5xx answers and connection failures are
 * tried again with exponential backoff and jitter by a SmallRye Fault Tolerance guard. The SDK's own retries are
 * off (see {@link IotClientProducer}), so the number of upstream calls is exactly what this guard decides.
 * Errors that are not transient are mapped to a {@link JitpException} naming what IoT refused.
 */
@ApplicationScoped
public class IotGateway {

    private static final Logger LOG = Logger.getLogger(IotGateway.class);

    private final MeterRegistry registry;
    private final Guard guard;

    public IotGateway(BrokerConfig config, MeterRegistry registry) {
        this.registry = registry;
        long delay = config.iot().retryDelay().toMillis();
        this.guard = Guard.create()
                .withDescription("aws-iot")
                .withRetry()
                // maxRetries tries after the first; 4 by default: 5 attempts over about 3 s with the 200 ms
                // start delay doubling each time, enough to ride out a burst of throttling on one operation.
                .maxRetries(config.iot().maxRetries())
                .delay(delay, ChronoUnit.MILLIS)
                .jitter(Math.max(1, delay / 2), ChronoUnit.MILLIS)
                .maxDuration(Math.max(60_000, delay * 64), ChronoUnit.MILLIS)
                .whenException(IotGateway::isTransient)
                .beforeRetry(failure -> LOG.debugf("retrying an AWS IoT call [reason=%s]", describe(failure)))
                .withExponentialBackoff()
                .factor(2)
                .maxDelay(Math.max(delay, 5_000), ChronoUnit.MILLIS)
                .done()
                .done()
                .build();
    }

    /**
     * Calls AWS IoT with retries; a failure left after them is mapped to a {@link JitpException}.
     *
     * @param operation the API name (e.g. {@code DescribeCACertificate}), the metrics tag
     */
    public <T> T call(String operation, Supplier<T> action) {
        try {
            return invoke(operation, action);
        } catch (RuntimeException e) {
            throw translate(operation, e);
        }
    }

    /**
     * Calls AWS IoT with retries and lets the SDK's exception through, for callers that act on specific errors
     * (adopt on {@code ResourceAlreadyExistsException}, create on {@code ResourceNotFoundException}).
     */
    @SuppressWarnings("unchecked")
    public <T> T invoke(String operation, Supplier<T> action) {
        return (T) guard.get(() -> attempt(operation, action), Object.class);
    }

    private <T> T attempt(String operation, Supplier<T> action) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "success";
        try {
            return action.get();
        } catch (IotException e) {
            outcome = errorCode(e);
            throw e;
        } catch (SdkException e) {
            outcome = "client-error";
            throw e;
        } finally {
            sample.stop(Timer.builder("jitp.iot.calls")
                    .description("AWS IoT API call attempts by operation and outcome")
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .register(registry));
        }
    }

    /** Throttling, 5xx, and failures to reach IoT at all: worth another try. */
    static boolean isTransient(Throwable failure) {
        if (failure instanceof IotException iot) {
            return iot.isThrottlingException() || iot.statusCode() >= 500
                    || "ThrottlingException".equals(errorCode(iot));
        }
        return failure instanceof SdkClientException;
    }

    /** The AWS error code ({@code ResourceAlreadyExistsException} …), or the HTTP status when there is none. */
    public static String errorCode(IotException e) {
        if (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) {
            return e.awsErrorDetails().errorCode();
        }
        return "http-" + e.statusCode();
    }

    private static String describe(Throwable failure) {
        return failure instanceof IotException iot ? errorCode(iot) : failure.getClass().getSimpleName();
    }

    /**
     * Maps a failure left after retries to a problem for the caller: what IoT said, never credentials.
     *
     * @param operation the IoT operation
     * @param failure what the SDK threw
     */
    public static JitpException translate(String operation, RuntimeException failure) {
        if (failure instanceof JitpException jitp) {
            return jitp;
        }
        if (failure instanceof IotException iot) {
            // The AWS code without its "Exception" suffix: the caller gets IoT's words, not a Java class name.
            String code = errorCode(iot).replaceFirst("Exception$", "");
            String message = iot.awsErrorDetails() != null ? iot.awsErrorDetails().errorMessage() : null;
            String detail = "AWS IoT " + operation + " failed: " + code + (message == null ? "" : " (" + message + ")");
            if (isTransient(iot)) {
                return new JitpException(Reason.UNAVAILABLE, detail + "; retries exhausted", null,
                        "try again later; the operation resumes where it stopped", null, iot);
            }
            Reason reason = switch (iot.statusCode()) {
                case 400 -> Reason.INVALID_INPUT;
                case 401, 403 -> Reason.UPSTREAM;
                case 404 -> Reason.NOT_FOUND;
                case 406, 409 -> Reason.CONFLICT;
                default -> Reason.UPSTREAM;
            };
            return new JitpException(reason, detail, null, null, null, iot);
        }
        if (failure instanceof SdkException) {
            return new JitpException(Reason.UNAVAILABLE, "AWS IoT " + operation + " could not be reached", null,
                    "check jitp.iot.region / jitp.iot.endpoint-override and the network", null, failure);
        }
        return new JitpException(Reason.INTERNAL, "AWS IoT " + operation + " failed", null, null, null, failure);
    }
}
