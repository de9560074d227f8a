package io.jitp.broker.testing;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jitp.exchange.CredentialsEndpoint;
import io.jitp.exchange.DeviceIdentity;
import io.jitp.exchange.ExchangeRequest;
import io.jitp.pki.Csr;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.KeyType;
import io.jitp.pki.Pem;
import io.jitp.pki.SubjectNames;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** A fleet ready for enrollment (template, CA registered with it, fleet), tokens, CSRs and enrolled devices. */
public final class Enrollments {

    private final URL url;
    private final String fleet;
    private final String caName;

    private Enrollments(URL url, String fleet, String caName) {
        this.url = url;
        this.fleet = fleet;
        this.caName = caName;
    }

    /**
     * Sets up a fleet through the API as an admin would: a JITP template (thing from CN, certificate ACTIVE, the
     * fleet's policy), a CA registered ACTIVE with auto-registration and the template, and the fleet. The CA's
     * subject is unique: AWS IoT (and the emulator) allow at most 10 CA certificates with one subject.
     */
    public static Enrollments fleet(URL url, String prefix, boolean custodial) {
        String fleet = Fixtures.name(prefix);
        String template = fleet + "-jitp";
        Api.admin(url).contentType(ContentType.JSON)
                .body(Fixtures.putTemplate(Fixtures.thingFromCommonName(fleet + "-device-policy")))
                .put("/v1/templates/" + template).then().statusCode(200);
        Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", fleet + "-ca", "subject",
                "CN=" + fleet + " Root,O=Acme"))
                .post("/v1/cas").then().statusCode(201);
        Api.admin(url).contentType(ContentType.JSON).body(Map.of("mode", "DEFAULT", "setAsActive", true,
                "autoRegistration", true, "templateName", template))
                .post("/v1/cas/" + fleet + "-ca/registration").then().statusCode(200);
        Api.admin(url).contentType(ContentType.JSON).body(Map.of("roleArn", Fixtures.DEVICE_ROLE, "caName",
                fleet + "-ca", "templateName", template, "custodial", custodial))
                .put("/v1/fleets/" + fleet).then().statusCode(200);
        return new Enrollments(url, fleet, fleet + "-ca");
    }

    /** The fleet name. */
    public String fleet() {
        return fleet;
    }

    /** The CA name. */
    public String caName() {
        return caName;
    }

    /** Mints a token with the operator token; extra fields override the defaults (fleet, one thing name). */
    public Response mint(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>();
        body.put("fleet", fleet);
        body.putAll(fields);
        return Api.operator(url).contentType(ContentType.JSON).body(body).post("/v1/tokens");
    }

    /** The secret of a new token for one thing. */
    public String token(String thing) {
        return mint(Map.of("thingName", thing)).then().statusCode(201).extract().path("token");
    }

    /** Posts an enrollment with a token. */
    public Response enroll(String token, Map<String, Object> body) {
        return Api.withToken(url, token).contentType(ContentType.JSON).body(body).post("/v1/enrollments");
    }

    /** A fresh P-256 key pair. */
    public static KeyPair key() {
        return KeyType.P256.generate();
    }

    /** A CSR PEM with the given subject, signed by the key. */
    public static String csr(KeyPair key, String subject) {
        return Csr.build(key, SubjectNames.parse(subject, "subject")).pem();
    }

    /** The exchange request of an enrolled device: its key, the chain, endpoint and alias from the answer. */
    public static ExchangeRequest exchangeRequest(Response enrolled, java.security.PrivateKey key, Path dir)
            throws Exception {
        Path bundle = dir.resolve("trust-" + enrolled.path("certificateId") + ".pem");
        Files.writeString(bundle, enrolled.<String>path("trustBundlePem"), StandardCharsets.US_ASCII);
        List<X509Certificate> chain = Pem.certificates(enrolled.<String>path("chainPem")
                .getBytes(StandardCharsets.US_ASCII), "chain", "chainPem");
        return new ExchangeRequest(new DeviceIdentity(key, chain),
                CredentialsEndpoint.of(enrolled.path("credentialsEndpoint"), bundle), enrolled.path("roleAlias"),
                enrolled.path("thingName"));
    }

    /** The private key of a server-keygen answer. */
    public static java.security.PrivateKey privateKey(Response enrolled) {
        return KeyFiles.parse(enrolled.<String>path("privateKeyPem").getBytes(StandardCharsets.US_ASCII), null,
                "privateKeyPem").key();
    }
}
