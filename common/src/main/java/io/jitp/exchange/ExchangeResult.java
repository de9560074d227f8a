package io.jitp.exchange;

import java.time.Duration;
import java.util.List;

/**
 * Credentials and how they were obtained.
 *
 * @param credentials the credentials
 * @param source whether they came from the cache or from the endpoint
 * @param attempts the calls made to the endpoint (empty when served from the cache)
 * @param took how long the exchange took
 */
public record ExchangeResult(TemporaryCredentials credentials, Source source, List<Attempt> attempts,
        Duration took) {

    /** Where credentials came from. */
    public enum Source {
        /** The cache: no call reached the endpoint. */
        CACHE,
        /** The credentials endpoint. */
        UPSTREAM
    }

    /** Copies the attempts. */
    public ExchangeResult {
        attempts = List.copyOf(attempts);
    }
}
