package io.jitp.broker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.jitp.broker.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Health, metrics and the API description, as an operator's tooling reads them. */
@QuarkusTest
class OperationsTest {

    @TestHTTPResource(tls = true)
    URL url;

    @Test
    void caExpiryGauge_countsTheSecondsToNotAfter() {
        String id = Api.admin(url).contentType(ContentType.JSON)
                .body(Map.of("name", "gauge-" + System.nanoTime(), "validityDays", 30)).post("/v1/cas")
                .then().statusCode(201).extract().path("id");

        String metrics = Api.anonymous(url).get("/q/metrics").then().statusCode(200).extract().asString();

        Matcher gauge = Pattern.compile("jitp_ca_expiry_seconds\\{[^}]*ca=\"" + id + "\"[^}]*} ([0-9.E+]+)")
                .matcher(metrics);
        assertThat(gauge.find()).as(metrics).isTrue();
        double seconds = Double.parseDouble(gauge.group(1));
        assertThat(seconds).isBetween(29.9 * 86400, 30.0 * 86400 + 600);
        assertThat(metrics).contains("http_server_requests_seconds_count");
    }

    @Test
    void httpMetrics_areTaggedWithTheRouteTemplate_notTheRawPath() {
        String name = "uri-" + System.nanoTime();
        Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", name)).post("/v1/cas").then()
                .statusCode(201);
        Api.operator(url).get("/v1/cas/" + name).then().statusCode(200);
        Api.operator(url).accept("application/x-pem-file").get("/v1/cas/" + name + "/certificate").then()
                .statusCode(200);
        Api.operator(url).get("/v1/templates/" + name).then().statusCode(404);

        String metrics = Api.anonymous(url).get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).contains("uri=\"/v1/cas\"", "uri=\"/v1/cas/{ca}\"", "uri=\"/v1/cas/{ca}/certificate\"",
                "uri=\"/v1/templates/{name}\"");
        assertThat(metrics).doesNotContainPattern("uri=\"[^\"]*" + name);
    }

    @Test
    void liveness_openApiAndSwaggerUi_areServedWithoutToken() {
        Api.anonymous(url).get("/q/health/live").then().statusCode(200);
        assertThat(Api.anonymous(url).accept("application/json").get("/q/openapi?format=json").asString())
                .contains("/v1/cas/{ca}/registration", "apiToken");
        Api.anonymous(url).get("/q/swagger-ui/").then().statusCode(200);
    }
}
