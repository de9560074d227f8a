package io.jitp.broker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;

/** Assertions on problem documents. */
public final class Problems {

    private Problems() {
    }

    /**
     * Asserts an RFC 9457 problem with the status and slug, naming {@code field} when not null, and clean: no stack
     * trace, no exception class name, no PEM.
     */
    public static void assertProblem(Response response, int status, String slug, String field) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).isEqualTo("https://jitp.io/problems/" + slug);
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
        if (field != null) {
            assertThat(response.jsonPath().getString("field")).as(response.asString()).isEqualTo(field);
        }
        assertClean(response.asString());
    }

    /** Asserts a body carries no stack trace, exception class name or PEM. */
    public static void assertClean(String body) {
        assertThat(body).doesNotContain("-----BEGIN", "Exception", "\tat ", "at io.", "at java.", "java.lang",
                "org.bouncycastle", "software.amazon", "io.quarkus", "com.fasterxml");
    }
}
