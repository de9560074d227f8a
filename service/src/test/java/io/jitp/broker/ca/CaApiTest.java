package io.jitp.broker.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Problems;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.KeyType;
import io.jitp.pki.RootCaRequest;
import io.jitp.pki.SubjectNames;
import io.jitp.testsupport.Commands;
import io.jitp.testsupport.External;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class CaApiTest {

    @TestHTTPResource(tls = true)
    URL url;

    @jakarta.inject.Inject
    io.jitp.broker.store.CaStore store;

    @Test
    void create_returnsTheCaWithoutItsKey() {
        String name = name();

        Response created = Api.admin(url).contentType(ContentType.JSON)
                .body(Map.of("name", name, "keyType", "p384", "subject", "CN=Test Root,O=Acme"))
                .post("/v1/cas");

        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(created.jsonPath().getString("id")).matches("[0-9a-f]{64}");
        assertThat(created.jsonPath().getString("keyType")).isEqualTo("p384");
        assertThat(created.jsonPath().getString("subject")).isEqualTo("CN=Test Root,O=Acme");
        assertThat(created.jsonPath().getString("status")).isEqualTo("CURRENT");
        assertThat(created.jsonPath().getBoolean("keyPresent")).isTrue();
        assertThat(created.jsonPath().getInt("profile.validityDays")).isEqualTo(365);
        assertThat(created.asString()).doesNotContain("PRIVATE", "sealed");
    }

    @Test
    void showListExport_findTheCaByIdAndName() {
        String name = name();
        String id = Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", name)).post("/v1/cas")
                .then().statusCode(201).extract().path("id");

        Api.operator(url).get("/v1/cas/" + name).then().statusCode(200).body("id", equalTo(id));
        Api.operator(url).get("/v1/cas/" + id).then().statusCode(200).body("name", equalTo(name));
        assertThat(Api.operator(url).get("/v1/cas").jsonPath().getList("id")).contains(id);
        String pem = Api.operator(url).accept("application/x-pem-file").get("/v1/cas/" + id + "/certificate")
                .then().statusCode(200).extract().asString();

        assertThat(io.jitp.pki.CertificateId.of(der(pem)).value()).isEqualTo(id);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE");
    }

    @Test
    void create_sameNameTwice_isConflict() {
        String name = name();
        Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", name)).post("/v1/cas").then()
                .statusCode(201);

        Response again = Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", name)).post("/v1/cas");

        Problems.assertProblem(again, 409, "conflict", null);
    }

    @Test
    void import_opensslRootCaOfTheManualProcedure_isHeldAndExportedUnchanged(@TempDir Path dir) throws Exception {
        External.requireTool("openssl", "openssl");
        Commands.runOk(dir, "openssl", "genrsa", "-out", "rootCA.key", "2048");
        Commands.runOk(dir, "openssl", "req", "-x509", "-new", "-nodes", "-key", "rootCA.key", "-sha256", "-days",
                "1024", "-out", "rootCA.pem", "-subj", "/CN=Manual Root CA/O=Acme");
        String certificate = Files.readString(dir.resolve("rootCA.pem"));

        Response imported = Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", name(),
                "certificatePem", certificate, "keyPem", Files.readString(dir.resolve("rootCA.key"))))
                .post("/v1/cas/import");

        assertThat(imported.statusCode()).as(imported.asString()).isEqualTo(201);
        assertThat(imported.jsonPath().getString("origin")).isEqualTo("IMPORTED");
        assertThat(imported.jsonPath().getString("keyType")).isEqualTo("rsa2048");
        String exported = Api.operator(url).accept("application/x-pem-file")
                .get("/v1/cas/" + imported.jsonPath().getString("id") + "/certificate").asString();
        assertThat(der(exported)).isEqualTo(der(certificate));
    }

    @Test
    void import_encryptedPkcs8KeyWithItsPassword_works(@TempDir Path dir) {
        External.requireTool("openssl", "openssl");
        Commands.runOk(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-keyout", "ca.key", "-passout", "pass:s3cret-pass", "-days", "30", "-out", "ca.pem", "-subj",
                "/CN=Encrypted Root");

        Response imported = Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", name(),
                "certificatePem", read(dir.resolve("ca.pem")), "keyPem", read(dir.resolve("ca.key")),
                "keyPassword", "s3cret-pass")).post("/v1/cas/import");
        Response wrongPassword = Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", name(),
                "certificatePem", read(dir.resolve("ca.pem")), "keyPem", read(dir.resolve("ca.key")),
                "keyPassword", "wrong")).post("/v1/cas/import");

        assertThat(imported.statusCode()).as(imported.asString()).isEqualTo(201);
        Problems.assertProblem(wrongPassword, 400, "invalid-input", null);
        assertThat(wrongPassword.asString()).doesNotContain("wrong", "s3cret");
    }

    @Test
    void import_badInputs_areProblemsNamingTheField() {
        CertificateAuthority ca = CertificateAuthority.create(new RootCaRequest(KeyType.P256,
                SubjectNames.parse("CN=Mismatch", "subject"), null));
        CertificateAuthority other = CertificateAuthority.create(new RootCaRequest(KeyType.P256, null, null));
        String otherKey = KeyFiles.toPem(other.privateKey(), null);

        Response mismatch = importing(ca.certificatePem(), otherKey);
        Response garbage = importing("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
                otherKey);
        Response truncated = importing(ca.certificatePem().substring(0, 120), otherKey);
        Response badKey =
                importing(ca.certificatePem(), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----");

        Problems.assertProblem(mismatch, 400, "invalid-input", "keyPem");
        Problems.assertProblem(garbage, 400, "invalid-input", "certificatePem");
        Problems.assertProblem(truncated, 400, "invalid-input", "certificatePem");
        Problems.assertProblem(badKey, 400, "invalid-input", "keyPem");
    }

    @Test
    void create_invalidFields_areProblemsNamingTheField() {
        Problems.assertProblem(create(Map.of("name", "Bad Name!")), 400, "invalid-input", "name");
        Problems.assertProblem(create(Map.of("name", name(), "keyType", "rsa1024")), 400, "invalid-input",
                "keyType");
        Problems.assertProblem(create(Map.of("name", name(), "subject", "not a DN")), 400, "invalid-input", null);
        Problems.assertProblem(create(Map.of("name", name(), "validityDays", 0)), 400, "invalid-input",
                "validityDays");
        Problems.assertProblem(create(Map.of("name", name(), "profile", Map.of("keyTypes", java.util.List.of(
                "dsa")))), 400, "invalid-input", "profile.keyTypes");
        Problems.assertProblem(create(Map.of("name", name(), "profile", Map.of("requiredFields", java.util.List.of(
                "L")))), 400, "invalid-input", "profile.requiredFields");
        Problems.assertProblem(create(Map.of("name", name(), "colour", "blue")), 400, "invalid-input", "colour");
    }

    @Test
    void malformedRequests_areProblems() throws Exception {
        Problems.assertProblem(Api.admin(url).contentType(ContentType.JSON).body("{\"name\":").post("/v1/cas"), 400,
                "invalid-input", null);
        Problems.assertProblem(Api.admin(url).contentType(ContentType.JSON).body("[]").post("/v1/cas"), 400,
                "invalid-input", null);
        Problems.assertProblem(Api.admin(url).contentType(ContentType.TEXT).body("name=x").post("/v1/cas"), 415,
                "invalid-input", null);
        Problems.assertProblem(Api.admin(url).delete("/v1/cas"), 405, "invalid-input", null);
        Problems.assertProblem(Api.admin(url).get("/v1/nothing-here"), 404, "not-found", null);
        Problems.assertProblem(Api.operator(url).get("/v1/cas/" + "0".repeat(64)), 404, "not-found", null);
        Problems.assertProblem(Api.operator(url).get("/v1/cas/no-such-ca"), 404, "not-found", null);
        Problems.assertProblem(Api.admin(url).contentType(ContentType.JSON)
                .body("{\"name\":\"" + "x".repeat(300_000) + "\"}").post("/v1/cas"), 413, "too-large", null);
        assertChunkedBodyRefused();
    }

    @Test
    void internalFailure_isAGeneric500WithTheRequestIdOnly() {
        String id = create(Map.of("name", name())).then().statusCode(201).extract().path("id");
        io.jitp.broker.store.CaRecord stored = store.find(id).orElseThrow();
        byte[] sealed = java.util.Base64.getDecoder().decode(stored.sealedKey());
        sealed[sealed.length - 1] ^= 1;
        store.update(new io.jitp.broker.store.CaRecord(stored.id(), stored.name(), stored.generation(),
                stored.status(), stored.origin(), stored.subject(), stored.keyType(), stored.serial(),
                stored.notBefore(), stored.notAfter(), stored.certificatePem(),
                java.util.Base64.getEncoder().encodeToString(sealed), stored.profile(), stored.rotatedFrom(),
                stored.createdAt(), stored.updatedAt(), stored.rowVersion()));

        Response failed = Api.admin(url).contentType(ContentType.JSON).header("X-Request-Id", "trace-500-test")
                .body(Map.of("mode", "DEFAULT")).post("/v1/cas/" + id + "/registration");

        Problems.assertProblem(failed, 500, "internal", null);
        assertThat(failed.jsonPath().getString("detail")).isEqualTo(
                "internal error; quote request id trace-500-test to the operator");
        assertThat(failed.header("X-Request-Id")).isEqualTo("trace-500-test");
        assertThat(failed.asString()).doesNotContain("integrity", "sealed", id);
    }

    @Test
    void profile_replacedAndValidated() {
        String name = name();
        create(Map.of("name", name)).then().statusCode(201);

        Response updated = Api.admin(url).contentType(ContentType.JSON)
                .body(Map.of("keyTypes", java.util.List.of("p256"), "fixedFields", Map.of("O", "Acme"),
                        "validityDays", 90))
                .put("/v1/cas/" + name + "/profile");
        Response refused = Api.admin(url).contentType(ContentType.JSON).body(Map.of("validityDays", 99999))
                .put("/v1/cas/" + name + "/profile");

        assertThat(updated.statusCode()).as(updated.asString()).isEqualTo(200);
        assertThat(updated.jsonPath().getList("profile.keyTypes")).containsExactly("p256");
        assertThat(updated.jsonPath().getString("profile.fixedFields.O")).isEqualTo("Acme");
        Problems.assertProblem(refused, 400, "invalid-input", "profile.validityDays");
    }

    /** A body of unknown length (chunked) is refused before it is read, with a problem. */
    private void assertChunkedBodyRefused() throws Exception {
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory
                .getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(Api.trustStore());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(tls)
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        byte[] body = "{\"name\":\"chunked\"}".getBytes(StandardCharsets.US_ASCII);
        java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest
                .newBuilder(url.toURI().resolve("/v1/cas"))
                .header("Authorization", "Bearer " + Api.adminToken())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers
                        .ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(411);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("Content-Length");
        Problems.assertClean(response.body());
    }

    private Response create(Map<String, ?> body) {
        return Api.admin(url).contentType(ContentType.JSON).body(body).post("/v1/cas");
    }

    private Response importing(String certificate, String key) {
        return Api.admin(url).contentType(ContentType.JSON)
                .body(Map.of("name", name(), "certificatePem", certificate, "keyPem", key)).post("/v1/cas/import");
    }

    private static byte[] der(String pem) {
        return io.jitp.pki.Certificates.der(io.jitp.pki.Pem.certificate(pem.getBytes(StandardCharsets.US_ASCII),
                "ca", "ca"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String name() {
        return "ca-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
