package io.jitp.broker.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Fixtures;
import io.jitp.broker.testing.Problems;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Request bodies are read strictly: wrong types, unknown fields and broken syntax are precise problems. */
@QuarkusTest
class JsonBodyTest {

    @TestHTTPResource(tls = true)
    URL url;

    @Test
    void aNumberWhereAStringIsExpected_isNotCoerced_andNamesTheField() {
        Response refused = postCa("{\"name\":5}");

        Problems.assertProblem(refused, 400, "invalid-input", "name");
        assertThat(refused.jsonPath().getString("detail")).contains("/name", "must be a string", "not an integer");
        assertThat(Api.operator(url).get("/v1/cas/5").statusCode()).isEqualTo(404);
    }

    @Test
    void aStringWhereAnIntegerIsExpected_isNotCoerced() {
        Response refused = postCa("{\"name\":\"" + Fixtures.name("coerce") + "\",\"validityDays\":\"30\"}");

        Problems.assertProblem(refused, 400, "invalid-input", "validityDays");
        assertThat(refused.jsonPath().getString("detail")).contains("must be an integer", "not a string");
    }

    @Test
    void aStringWhereABooleanIsExpected_namesTheExpectedType() {
        String body = "{\"body\":{\"Resources\":{}},\"provisioningRoleArn\":\"" + Fixtures.PROVISIONING_ROLE
                + "\",\"enabled\":\"yes\"}";

        Response refused = Api.admin(url).contentType(ContentType.JSON).body(body)
                .put("/v1/templates/" + Fixtures.name("strict"));

        Problems.assertProblem(refused, 400, "invalid-input", "enabled");
        assertThat(refused.jsonPath().getString("detail")).contains("must be true or false", "not a string");
    }

    @Test
    void aNestedFieldOfTheWrongShape_isNamedWithItsPath() {
        Response refused = postCa("{\"name\":\"" + Fixtures.name("nested") + "\",\"profile\":{\"keyTypes\":\"p256\"}}");

        Problems.assertProblem(refused, 400, "invalid-input", "profile.keyTypes");
        assertThat(refused.jsonPath().getString("detail")).contains("/profile/keyTypes", "must be an array");
    }

    @Test
    void anUnknownField_isNamed_withTheAcceptedOnes() {
        Response refused = postCa("{\"nmae\":\"x\"}");

        Problems.assertProblem(refused, 400, "invalid-input", "nmae");
        assertThat(refused.jsonPath().getString("detail")).contains("unknown field");
        assertThat(refused.jsonPath().getString("fix")).contains("name", "validityDays");
    }

    @Test
    void brokenSyntax_saysWhere() {
        Response refused = postCa("{\"name\": \"x\",\n  \"subject\" \"CN=x\"}");

        Problems.assertProblem(refused, 400, "invalid-input", null);
        assertThat(refused.jsonPath().getString("detail")).contains("not valid JSON", "line 2");
    }

    @Test
    void anArrayInsteadOfAnObject_saysTheBodyMustBeAnObject() {
        Response refused = postCa("[\"x\"]");

        Problems.assertProblem(refused, 400, "invalid-input", null);
        assertThat(refused.jsonPath().getString("detail")).contains("must be a JSON object", "not an array");
    }

    private Response postCa(String json) {
        return Api.admin(url).contentType(ContentType.JSON).body(json).post("/v1/cas");
    }
}
