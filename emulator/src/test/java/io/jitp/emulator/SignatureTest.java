package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4 verification on the control plane, with requests signed by the SDK's signer for chosen scopes, times
 * and keys, sent with the JDK HTTP client.
 */
class SignatureTest extends EmulatorTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Answer(int status, String errorType, JsonNode body) {
    }

    private static Answer send(String method, String pathAndQuery, String body, String service, String region,
            Instant time, String accessKeyId, String secret, Map<String, String> extraHeaders) throws Exception {
        URI uri = URI.create(emulator.endpoints().apiEndpoint() + pathAndQuery);
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
        if (body != null) {
            builder.putHeader("Content-Type", "application/json");
        }
        extraHeaders.forEach(builder::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(builder.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(time, ZoneOffset.UTC)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(payload));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    private static Answer send(String method, String pathAndQuery, String service) throws Exception {
        return send(method, pathAndQuery, null, service, "us-east-1", Instant.now(),
                emulator.endpoints().accessKeyId(), emulator.endpoints().secretAccessKey(), Map.of());
    }

    @Test
    void bothSigningNames_areAccepted() throws Exception {
        assertThat(send("GET", "/registrationcode", "iot").status()).isEqualTo(200);
        assertThat(send("GET", "/registrationcode", "execute-api").status()).isEqualTo(200);
    }

    @Test
    void otherSigningName_orRegion_isInvalidSignature() throws Exception {
        Answer s3 = send("GET", "/registrationcode", "s3");
        Answer otherRegion = send("GET", "/registrationcode", null, "iot", "eu-west-1", Instant.now(),
                emulator.endpoints().accessKeyId(), emulator.endpoints().secretAccessKey(), Map.of());

        assertThat(s3.status()).isEqualTo(403);
        assertThat(s3.errorType()).isEqualTo("InvalidSignatureException");
        assertThat(s3.body().get("message").asText()).contains("Credential should be scoped to correct service");
        assertThat(s3.body().get("__type").asText()).isEqualTo("InvalidSignatureException");
        assertThat(otherRegion.status()).isEqualTo(403);
        assertThat(otherRegion.body().get("message").asText()).contains("region");
    }

    @Test
    void requestSignedTwentyMinutesAgo_isExpired() throws Exception {
        Answer answer = send("GET", "/registrationcode", null, "iot", "us-east-1",
                Instant.now().minus(Duration.ofMinutes(20)), emulator.endpoints().accessKeyId(),
                emulator.endpoints().secretAccessKey(), Map.of());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.errorType()).isEqualTo("InvalidSignatureException");
        assertThat(answer.body().get("message").asText()).startsWith("Signature expired");
    }

    @Test
    void unknownKey_wrongSecret_andMissingSignature() throws Exception {
        Answer unknown = send("GET", "/things", null, "iot", "us-east-1", Instant.now(), "AKIAUNKNOWNUNKNOWN00",
                "secret", Map.of());
        Answer wrongSecret = send("GET", "/things", null, "iot", "us-east-1", Instant.now(),
                emulator.endpoints().accessKeyId(), "not-the-secret", Map.of());
        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(URI.create(emulator.endpoints()
                .apiEndpoint() + "/things")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.errorType()).isEqualTo("UnrecognizedClientException");
        assertThat(wrongSecret.status()).isEqualTo(403);
        assertThat(wrongSecret.errorType()).isEqualTo("InvalidSignatureException");
        assertThat(unsigned.statusCode()).isEqualTo(403);
        assertThat(unsigned.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
        assertThat(unsigned.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void tamperedBody_isInvalidSignature() throws Exception {
        String thing = unique("thing");
        URI uri = URI.create(emulator.endpoints().apiEndpoint() + "/things/" + thing);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(emulator.endpoints().accessKeyId(),
                        emulator.endpoints().secretAccessKey()))
                .request(SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.POST).build())
                .payload(ContentStreamProvider.fromUtf8String("{}"))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "iot")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString("{\"thingTypeName\":\"x\"}"));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> request.header(name, value));
            }
        });

        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
    }

    @Test
    void percentEncodedLabels_andQueryValues_areSignedAndRouted() throws Exception {
        String name = unique("thing");
        iot.createThing(r -> r.thingName(name).attributePayload(p -> p.attributes(Map.of("site", "a/b:c@d"))));

        Answer byLabel = send("GET", "/things/" + name.replace("-", "%2D"), "iot");
        Answer byQuery = send("GET", "/things?attributeName=site&attributeValue=a%2Fb%3Ac%40d", "execute-api");

        assertThat(byLabel.status()).isEqualTo(200);
        assertThat(byLabel.body().get("thingName").asText()).isEqualTo(name);
        assertThat(byQuery.status()).isEqualTo(200);
        assertThat(byQuery.body().get("things")).hasSize(1);
    }

    @Test
    void unknownOperation_is404_andAnEmptyBodyIsAccepted() throws Exception {
        Answer unknown = send("GET", "/no-such-resource", "iot");
        Answer empty = send("POST", "/things/" + unique("t"), null, "iot", "us-east-1", Instant.now(),
                emulator.endpoints().accessKeyId(), emulator.endpoints().secretAccessKey(),
                Map.of("Content-Type", "application/x-amz-json-1.1"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorType()).isEqualTo("UnknownOperationException");
        assertThat(empty.status()).isEqualTo(200);
    }

    @Test
    void badJson_andBadQueryTypes_areInvalidRequest() throws Exception {
        Answer badJson = send("POST", "/things/" + unique("t"), "{not json", "iot", "us-east-1", Instant.now(),
                emulator.endpoints().accessKeyId(), emulator.endpoints().secretAccessKey(), Map.of());
        Answer badBoolean = send("GET", "/certificates?isAscendingOrder=maybe", "iot");
        Answer badSize = send("GET", "/certificates?pageSize=1000", "iot");
        Answer badId = send("GET", "/certificates/xyz", "iot");

        for (Answer answer : List.of(badJson, badBoolean, badSize, badId)) {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.errorType()).isEqualTo("InvalidRequestException");
            assertThat(answer.body().get("message").asText()).isNotBlank();
        }
        assertThat(badSize.body().get("message").asText()).contains("pageSize");
    }
}
