package io.jitp.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jitp.broker.ca.CaRequests;
import io.jitp.broker.enrollment.EnrollmentView;
import io.jitp.broker.enrollment.TokenView;
import io.jitp.broker.testing.Api;
import io.jitp.broker.testing.Enrollments;
import io.jitp.broker.testing.Fixtures;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.RootCaRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Audit lines name what changed and who did it; no log line, toString or answer carries a secret. */
@QuarkusTest
class AuditLogTest {

    @TestHTTPResource(tls = true)
    URL url;

    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void createAndImport_areAudited_withIdsAndWithoutSecrets() {
        CertificateAuthority external = CertificateAuthority.create(new RootCaRequest(null, null, null));
        String encryptedKey = KeyFiles.toPem(external.privateKey(), "audit-password-123".toCharArray());

        String created = Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", "audit-created"))
                .post("/v1/cas").then().statusCode(201).extract().path("id");
        String imported = Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", "audit-imported",
                "certificatePem", external.certificatePem(), "keyPem", encryptedKey, "keyPassword",
                "audit-password-123")).post("/v1/cas/import").then().statusCode(201).extract().path("id");
        Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", "audit-bad", "certificatePem",
                external.certificatePem(), "keyPem", encryptedKey, "keyPassword", "wrong-password-456"))
                .post("/v1/cas/import").then().statusCode(400);

        List<String> lines = lines();
        assertThat(lines).anyMatch(l -> l.contains("event=ca.created") && l.contains("id=" + created)
                && l.contains("actor=admin"));
        assertThat(lines).anyMatch(l -> l.contains("event=ca.imported") && l.contains("id=" + imported));
        assertThat(String.join("\n", lines)).doesNotContain("PRIVATE KEY", "audit-password-123",
                "wrong-password-456", Api.adminToken(), Api.OPERATOR_TOKEN);
    }

    @Test
    void tokensEnrollmentsAndRevocations_areAudited_withoutTokenOrKey() {
        Enrollments fleet = Enrollments.fleet(url, "audit", true);
        String thing = Fixtures.name("audited");
        Response minted = fleet.mint(Map.of("thingName", thing, "serverKeygen", true));
        String token = minted.path("token");

        Response enrolled = fleet.enroll(token, Map.of("thingName", thing, "serverKeygen", true));
        Api.operator(url).contentType(ContentType.JSON).body(Map.of("confirm", thing))
                .post("/v1/devices/" + thing + "/revoke").then().statusCode(200);

        assertThat(enrolled.statusCode()).as(enrolled.asString()).isEqualTo(201);
        String key = enrolled.path("privateKeyPem");
        String keyBody = key.split("\n")[1];
        List<String> lines = lines();
        assertThat(lines).anyMatch(l -> l.contains("event=token.created") && l.contains("id=" + minted.path("id"))
                && l.contains("actor=test-operator"));
        assertThat(lines).anyMatch(l -> l.contains("event=device.enrolled") && l.contains("thing=" + thing)
                && l.contains("certificateId=" + enrolled.path("certificateId")) && l.contains("custodial=true"));
        assertThat(lines).anyMatch(l -> l.contains("event=device.revoked") && l.contains("actor=test-operator"));
        assertThat(String.join("\n", lines)).doesNotContain(token, "PRIVATE KEY", keyBody);
    }

    @Test
    void secretBearingValues_redactThemselves() {
        CaRequests.Import request = new CaRequests.Import("x", "cert", "-----BEGIN PRIVATE KEY-----",
                "pw".toCharArray(), null);

        assertThat(request.toString()).doesNotContain("PRIVATE", "pw");
        assertThat(new ApiTokens.Holder("admin", "admin").toString()).doesNotContain("jitp_");
        assertThat(new EnrollmentView("t", "id", "01", "cert", "chain", "ca", "ca-id", "f", "alias", "h:443",
                "bundle", "us-east-1", null, null, "-----BEGIN PRIVATE KEY-----", true).toString())
                .doesNotContain("PRIVATE");
        assertThat(new TokenView("id", "jitpe_secret", "f", null, "t", null, 1, 1, false, "ACTIVE", null, null, "op",
                null, null).toString()).doesNotContain("jitpe_");
    }

    private List<String> lines() {
        synchronized (records) {
            List<String> lines = new ArrayList<>();
            for (LogRecord record : records) {
                String message = record.getMessage();
                if (record.getParameters() != null && record.getParameters().length > 0) {
                    message = String.format(message.replace("{0}", "%s"), record.getParameters());
                }
                lines.add(record.getLoggerName() + " " + message
                        + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }
            return lines;
        }
    }
}
