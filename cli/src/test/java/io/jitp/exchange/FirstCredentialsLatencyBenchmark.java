package io.jitp.exchange;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jitp.emulator.credentials.CredentialsService.FirstContact;
import io.vertx.core.Vertx;

/**
 * Not a test: the warm-process half of BENCHMARKS.md section 6 (a broker or {@code credentials serve} exchanging
 * for new devices after its first one). Runs only with {@code -Djitp.bench=true} and asserts nothing about time:
 *
 * <pre>
 * ./mvnw -B verify -pl cli -Dtest=FirstCredentialsLatencyBenchmark -Djitp.bench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false -DskipITs
 * </pre>
 */
class FirstCredentialsLatencyBenchmark {

    private static final Duration DELAY = Duration.ofSeconds(2);
    private static final int WARM_UP = 3;
    private static final int DEVICES = 15;

    @Test
    void newDevices_firstCallToCredentials_inAWarmProcess() {
        assumeTrue(Boolean.getBoolean("jitp.bench"), "a benchmark: run with -Djitp.bench=true");
        Vertx vertx = Vertx.vertx();
        try (EmulatedAccount account = EmulatedAccount.start(DELAY, FirstContact.CLOSE);
                CredentialsExchange exchange = CredentialsExchange.create(vertx, ExchangePolicy.DEFAULTS)) {
            List<Long> total = new ArrayList<>();
            List<Long> afterAnswer = new ArrayList<>();
            List<Integer> calls = new ArrayList<>();
            for (int i = 0; i < WARM_UP + DEVICES; i++) {
                EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("latency"));
                ExchangeResult result = exchange.exchange(account.request(device)).toCompletableFuture().join();
                if (i >= WARM_UP) {
                    total.add(result.took().toMillis());
                    afterAnswer.add(result.took().minus(result.attempts().get(0).took()).toMillis());
                    calls.add(result.attempts().size());
                }
            }
            System.out.printf("warm process, provisioning delay %d ms, %d new devices: first call to credentials "
                    + "median %d ms (min %d, max %d); after the first answer median %d ms; calls median %d%n",
                    DELAY.toMillis(), DEVICES, median(total), total.stream().min(Long::compare).orElseThrow(),
                    total.stream().max(Long::compare).orElseThrow(), median(afterAnswer),
                    calls.stream().sorted().toList().get(DEVICES / 2));
            System.out.println("first call to credentials, each (ms): " + total);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
