package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Outcome;
import io.jitp.emulator.fault.Surface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.InternalFailureException;
import software.amazon.awssdk.services.iot.model.ServiceUnavailableException;
import software.amazon.awssdk.services.iot.model.ThrottlingException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** Fault injection: deterministic decisions, error shapes per surface, exact counters, the admin endpoint. */
class FaultInjectionTest extends EmulatorTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @AfterEach
    void clearFaults() {
        for (Surface surface : Surface.values()) {
            emulator.faults().set(surface, FaultSettings.NONE);
        }
    }

    private static List<String> outcomes(IotClient client, int calls) {
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            try {
                client.getRegistrationCode();
                outcomes.add("ok");
            } catch (SdkException e) {
                outcomes.add(e.getClass().getSimpleName());
            }
        }
        return outcomes;
    }

    @Test
    void sameSeed_sameDecisions() {
        FaultSettings settings = new FaultSettings(0.3, 0.2, 0.1, 0, 0, 0);
        EmulatorConfig config = EmulatorConfig.builder().faultSeed(42).faults(Surface.CONTROL_PLANE, settings)
                .build();
        List<String> first;
        List<String> second;
        try (Emulator one = Emulator.start(config); IotClient client = SdkClients.iot(one.endpoints())) {
            first = outcomes(client, 40);
        }
        try (Emulator two = Emulator.start(config); IotClient client = SdkClients.iot(two.endpoints())) {
            second = outcomes(client, 40);
        }

        assertThat(second).isEqualTo(first);
        assertThat(first).contains("ok", "ThrottlingException", "InternalFailureException",
                "ServiceUnavailableException");
    }

    @Test
    void controlPlaneFaults_haveTheModeledShapes() {
        emulator.faults().set(Surface.CONTROL_PLANE, FaultSettings.NONE.withThrottle(1));
        assertAwsError(() -> iot.listThings(), ThrottlingException.class, 400, "ThrottlingException");
        emulator.faults().set(Surface.CONTROL_PLANE, FaultSettings.NONE.withInternalError(1));
        assertAwsError(() -> iot.listThings(), InternalFailureException.class, 500, "InternalFailureException");
        emulator.faults().set(Surface.CONTROL_PLANE, FaultSettings.NONE.withUnavailable(1));
        assertAwsError(() -> iot.listThings(), ServiceUnavailableException.class, 503,
                "ServiceUnavailableException");
    }

    @Test
    void sdkRetries_areCountedExactly() {
        emulator.faults().resetCounters();
        emulator.faults().set(Surface.CONTROL_PLANE, FaultSettings.NONE.withThrottle(1));
        try (IotClient retrying = IotClient.builder()
                .endpointOverride(URI.create(emulator.endpoints().apiEndpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        emulator.endpoints().accessKeyId(), emulator.endpoints().secretAccessKey()))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(3).backoffStrategy(
                        software.amazon.awssdk.retries.api.BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(
                                software.amazon.awssdk.retries.api.BackoffStrategy.retryImmediately())))
                .build()) {
            assertThatThrownBy(retrying::listThings).isInstanceOf(ThrottlingException.class);
        }

        assertThat(emulator.faults().count(Surface.CONTROL_PLANE, "ListThings", Outcome.INJECTED_THROTTLE))
                .isEqualTo(3);
        assertThat(emulator.faults().total(Surface.CONTROL_PLANE, "ListThings")).isEqualTo(3);
        assertThat(emulator.faults().total(Surface.CONTROL_PLANE, null)).isEqualTo(3);
    }

    @Test
    void reset_closesTheConnectionWithoutAnswer() {
        iot.listThings();
        emulator.faults().set(Surface.CONTROL_PLANE, FaultSettings.NONE.withReset(1));
        long before = emulator.faults().count(Surface.CONTROL_PLANE, "ListThings", Outcome.INJECTED_RESET);

        assertThatThrownBy(iot::listThings).isInstanceOf(SdkClientException.class)
                .hasMessageContaining("Connection reset");

        // HttpURLConnection silently sends an idempotent request again when a kept-alive connection fails:
        // the SDK made one attempt, the wire carried two, and the counters show what the wire carried.
        assertThat(emulator.faults().count(Surface.CONTROL_PLANE, "ListThings", Outcome.INJECTED_RESET))
                .isEqualTo(before + 2);
    }

    @Test
    void latency_delaysTheAnswer() {
        emulator.faults().set(Surface.CONTROL_PLANE, FaultSettings.NONE.withLatency(1, 300));
        long delayedBefore = emulator.faults().delayed(Surface.CONTROL_PLANE);
        long start = System.nanoTime();

        iot.listThings();

        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(emulator.faults().delayed(Surface.CONTROL_PLANE)).isEqualTo(delayedBefore + 1);
    }

    @Test
    void stsFaults_answerInTheQueryProtocol() {
        emulator.faults().set(Surface.STS, FaultSettings.NONE.withThrottle(1));

        try (StsClient sts = SdkClients.sts(emulator.endpoints(), emulator.endpoints().accessKeyId(),
                emulator.endpoints().secretAccessKey(), null)) {
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
            });
        }
        assertThat(emulator.faults().count(Surface.STS, "GetCallerIdentity", Outcome.INJECTED_THROTTLE))
                .isGreaterThanOrEqualTo(1);
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(emulator.endpoints().apiEndpoint() + "/_emulator/" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void adminEndpoint_setsFaults_andReportsAndResetsCounters() throws Exception {
        HttpResponse<String> set = admin("PUT", "faults", "{\"seed\":7,\"credentials\":{\"throttle\":0.25},"
                + "\"controlPlane\":{\"unavailable\":1}}");
        assertAwsError(() -> iot.listThings(), ServiceUnavailableException.class, 503,
                "ServiceUnavailableException");
        JsonNode counters = JSON.readTree(admin("GET", "counters", null).body());
        HttpResponse<String> reset = admin("DELETE", "counters", null);

        assertThat(set.statusCode()).isEqualTo(200);
        JsonNode faults = JSON.readTree(admin("GET", "faults", null).body());
        assertThat(faults.get("seed").asLong()).isEqualTo(7);
        assertThat(faults.get("credentials").get("throttle").asDouble()).isEqualTo(0.25);
        assertThat(emulator.faults().settings(Surface.CREDENTIALS).throttle()).isEqualTo(0.25);
        assertThat(counters.get("controlPlane").get("operations").get("ListThings").get("injectedUnavailable")
                .asLong()).isGreaterThanOrEqualTo(1);
        assertThat(counters.get("controlPlane").get("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(emulator.faults().total(Surface.CONTROL_PLANE, null)).isZero();
        assertThat(JSON.readTree(admin("GET", "health", null).body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void adminEndpoint_refusesBadSettings() throws Exception {
        HttpResponse<String> probability = admin("PUT", "faults", "{\"sts\":{\"throttle\":2}}");
        HttpResponse<String> unknownSurface = admin("PUT", "faults", "{\"mqtt\":{\"throttle\":0.1}}");
        HttpResponse<String> unknownSetting = admin("PUT", "faults", "{\"sts\":{\"throtle\":0.1}}");
        HttpResponse<String> notJson = admin("PUT", "faults", "nope");
        HttpResponse<String> wrongMethod = admin("POST", "counters", "{}");

        assertThat(probability.statusCode()).isEqualTo(400);
        assertThat(probability.body()).contains("throttle must be a probability");
        assertThat(unknownSurface.statusCode()).isEqualTo(400);
        assertThat(unknownSurface.body()).contains("unknown surface");
        assertThat(unknownSetting.statusCode()).isEqualTo(400);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(emulator.faults().settings(Surface.STS)).isEqualTo(FaultSettings.NONE);
    }
}
