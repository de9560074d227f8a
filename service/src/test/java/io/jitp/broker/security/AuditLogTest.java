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
import io.jitp.broker.testing.Api;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.RootCaRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

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
    void secretBearingValues_redactThemselves() {
        CaRequests.Import request = new CaRequests.Import("x", "cert", "-----BEGIN PRIVATE KEY-----",
                "pw".toCharArray(), null);

        assertThat(request.toString()).doesNotContain("PRIVATE", "pw");
        assertThat(new ApiTokens.Holder("admin", "admin").toString()).doesNotContain("jitp_");
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
