package io.jitp.broker.exchange;

import io.jitp.exchange.UpstreamAnswer;

/**
 * A throttled (429) or failed (5xx) answer of the credentials provider, raised inside {@link UpstreamGate} so that its
 * circuit breaker counts it, and turned back into the answer by {@link GuardedTransport}, so that the exchange
 * classifies it like any other answer. Never leaves the exchange package.
 */
final class UpstreamFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient UpstreamAnswer answer;

    UpstreamFault(UpstreamAnswer answer) {
        super("credentials provider answered " + answer.status(), null, false, false);
        this.answer = answer;
    }

    UpstreamAnswer answer() {
        return answer;
    }

    /** Whether an answer means the provider itself is in trouble (the breaker's failures). */
    static boolean isFault(UpstreamAnswer answer) {
        return answer.status() == 429 || answer.status() >= 500;
    }
}
