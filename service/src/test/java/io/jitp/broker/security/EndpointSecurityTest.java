package io.jitp.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Problems;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every endpoint of the API, as the OpenAPI document lists it, refuses a request without a token and with an
 * unknown token (401), and an operator token where it needs admin (403). A new endpoint must be added to
 * {@link #ADMIN} or {@link #OPERATOR} or this test fails.
 */
@QuarkusTest
class EndpointSecurityTest {

    private static final Set<String> ADMIN = Set.of("POST /v1/cas", "POST /v1/cas/import",
            "PUT /v1/cas/{ca}/profile", "POST /v1/cas/{ca}/registration", "PATCH /v1/cas/{ca}/registration",
            "POST /v1/cas/{ca}/rotation", "POST /v1/cas/{ca}/retirement", "PUT /v1/templates/{name}",
            "DELETE /v1/templates/{name}", "PUT /v1/fleets/{name}");
    private static final Set<String> OPERATOR = Set.of("GET /v1/cas", "GET /v1/cas/{ca}",
            "GET /v1/cas/{ca}/certificate", "GET /v1/templates", "GET /v1/templates/{name}",
            "POST /v1/templates/{name}/render", "GET /v1/fleets", "GET /v1/fleets/{name}", "POST /v1/tokens",
            "GET /v1/tokens", "GET /v1/tokens/{id}", "DELETE /v1/tokens/{id}", "GET /v1/devices",
            "GET /v1/devices/{thing}", "POST /v1/devices/{thing}/revoke", "GET /v1/devices/{thing}/doctor",
            // also open to the device itself over mutual TLS (BrokeredExchangeTest)
            "POST /v1/devices/{thing}/credentials");
    /** Authenticated by an enrollment token, not an API token. */
    private static final Set<String> ENROLLMENT = Set.of("POST /v1/enrollments");

    @TestHTTPResource(tls = true)
    URL url;

    @Test
    void everyEndpoint_isListedWithItsRole() {
        List<String> endpoints = endpoints();

        assertThat(endpoints).containsExactlyInAnyOrderElementsOf(union());
    }

    @Test
    void enrollment_withoutAnEnrollmentToken_is401ProblemNamingIt() {
        for (String endpoint : ENROLLMENT) {
            Problems.assertProblem(send(Api.anonymous(url), endpoint), 401, "unauthenticated", "Authorization");
            Problems.assertProblem(send(Api.admin(url), endpoint), 401, "unauthenticated", "token");
            Problems.assertProblem(send(Api.withToken(url, "jitpe_not-a-known-token"), endpoint), 401,
                    "unauthenticated", "token");
        }
    }

    @Test
    void everyEndpoint_withoutToken_is401Problem() {
        for (String endpoint : apiEndpoints()) {
            Response response = send(Api.anonymous(url), endpoint);

            Problems.assertProblem(response, 401, "unauthenticated", "Authorization");
            assertThat(response.header("WWW-Authenticate")).as(endpoint).startsWith("Bearer");
        }
    }

    @Test
    void everyEndpoint_withUnknownOrMalformedToken_is401Problem() {
        for (String endpoint : apiEndpoints()) {
            Problems.assertProblem(send(Api.withToken(url, "jitp_not-a-known-token"), endpoint), 401,
                    "unauthenticated", "Authorization");
            Problems.assertProblem(send(Api.anonymous(url).header("Authorization", "Basic YWRtaW46YWRtaW4="),
                    endpoint), 401, "unauthenticated", "Authorization");
        }
    }

    @Test
    void adminEndpoints_withOperatorToken_are403Problem() {
        for (String endpoint : ADMIN) {
            Problems.assertProblem(send(Api.operator(url), endpoint), 403, "forbidden", "Authorization");
        }
    }

    @Test
    void operatorEndpoints_withOperatorToken_areNotRefusedForTheRole() {
        for (String endpoint : OPERATOR) {
            int status = send(Api.operator(url), endpoint).statusCode();

            assertThat(status).as(endpoint).isNotIn(401, 403);
        }
    }

    private List<String> apiEndpoints() {
        return endpoints().stream().filter(e -> !ENROLLMENT.contains(e)).toList();
    }

    private List<String> endpoints() {
        try {
            String document = Api.anonymous(url).accept("application/json").get("/q/openapi?format=json").asString();
            JsonNode paths = new ObjectMapper().readTree(document).get("paths");
            List<String> endpoints = new ArrayList<>();
            for (Map.Entry<String, JsonNode> path : paths.properties()) {
                if (!path.getKey().startsWith("/v1/")) {
                    continue;
                }
                path.getValue().fieldNames().forEachRemaining(method -> {
                    if (Set.of("get", "put", "post", "patch", "delete").contains(method)) {
                        endpoints.add(method.toUpperCase() + " " + path.getKey());
                    }
                });
            }
            return endpoints;
        } catch (Exception e) {
            throw new AssertionError("cannot read the OpenAPI document", e);
        }
    }

    private static List<String> union() {
        List<String> all = new ArrayList<>(ADMIN);
        all.addAll(OPERATOR);
        all.addAll(ENROLLMENT);
        return all;
    }

    private static Response send(RequestSpecification request, String endpoint) {
        String[] parts = endpoint.split(" ", 2);
        String path = parts[1].replace("{ca}", "some-ca").replace("{name}", "some-name")
                .replace("{thing}", "some-thing").replace("{id}", "some-id");
        return request.contentType(ContentType.JSON).body("{}").request(parts[0], path);
    }
}
