package io.jitp.exchange;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One call to the credentials provider, without retries, classification or caching: the answer as it came, or the
 * connection error ({@link CredentialsExchange} does the rest). The broker may decorate it (limits, metrics).
 */
public interface CredentialsTransport extends AutoCloseable {

    /**
     * Sends {@code GET /role-aliases/<alias>/credentials} with the device's certificate; completes with any HTTP
     * answer, or exceptionally with the connection's error (closed, reset, TLS, timeout, refused).
     *
     * @param request the device and the endpoint
     * @param timeout how long to wait for the answer
     */
    CompletionStage<UpstreamAnswer> send(ExchangeRequest request, Duration timeout);

    /** Releases connections. */
    @Override
    void close();
}
