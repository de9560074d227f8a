package io.jitp.broker.testing;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.jitp.broker.ca.CaService;
import io.jitp.broker.store.CaRecord;
import io.jitp.broker.store.Database;
import io.jitp.broker.store.DeviceRecord;
import io.jitp.broker.store.DeviceStore;
import io.jitp.pki.IssuancePolicy;
import io.jitp.pki.KeyAndCertificate;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.KeyType;
import io.restassured.http.ContentType;

/**
 * A fleet whose devices the broker holds keys for, set up through the real API: a fleet (role alias + device
 * policy), a JITP template attaching that policy, a CA registered with the template. Devices are issued in process
 * with the CA's key and recorded in the ledger as custodial (key sealed), as server-side key generation does; the
 * enrollment API itself is tested with enrollment.
 */
public final class CustodialDevices {

    private final URL url;
    private final CaService cas;
    private final DeviceStore devices;
    private final Database database;
    private final String fleet;
    private final String caName;
    private final String caId;

    private CustodialDevices(URL url, CaService cas, DeviceStore devices, Database database, String fleet,
            String caName, String caId) {
        this.url = url;
        this.cas = cas;
        this.devices = devices;
        this.database = database;
        this.fleet = fleet;
        this.caName = caName;
        this.caId = caId;
    }

    /** Sets a fleet up: fleet, template, CA registered with auto-registration and the template. */
    public static CustodialDevices create(URL url, CaService cas, DeviceStore devices, Database database) {
        String fleet = Fixtures.name("fleet");
        Api.admin(url).contentType(ContentType.JSON).body(Map.of("roleArn", Fixtures.DEVICE_ROLE))
                .put("/v1/fleets/" + fleet).then().statusCode(200);
        String template = Fixtures.name("tpl");
        Api.admin(url).contentType(ContentType.JSON).body(Fixtures.putTemplate(Fixtures.thingFromCommonName(
                fleet + "-device-policy"))).put("/v1/templates/" + template).then().statusCode(200);
        String caName = Fixtures.name("ca");
        String caId = Api.admin(url).contentType(ContentType.JSON).body(Map.of("name", caName, "subject",
                "CN=" + caName + ",O=jitp tests")).post("/v1/cas")
                .then().statusCode(201).extract().path("id");
        Api.admin(url).contentType(ContentType.JSON).body(Map.of("templateName", template))
                .post("/v1/cas/" + caName + "/registration").then().statusCode(200);
        Api.admin(url).contentType(ContentType.JSON).body(Map.of("roleArn", Fixtures.DEVICE_ROLE, "caName", caName))
                .put("/v1/fleets/" + fleet).then().statusCode(200);
        return new CustodialDevices(url, cas, devices, database, fleet, caName, caId);
    }

    /** The fleet name (role alias {@code <fleet>-role-alias}, policy {@code <fleet>-device-policy}). */
    public String fleet() {
        return fleet;
    }

    /** The CA id (= its AWS IoT certificate id). */
    public String caId() {
        return caId;
    }

    /** The CA name. */
    public String caName() {
        return caName;
    }

    /** A new device whose key the broker holds. */
    public Device custodial(String thing) {
        return issue(thing, true);
    }

    /** A new device whose key only the device holds. */
    public Device deviceHeld(String thing) {
        return issue(thing, false);
    }

    private Device issue(String thing, boolean custodial) {
        CaRecord ca = cas.resolve(caName);
        KeyAndCertificate issued = cas.authority(ca).issueWithNewKey(KeyType.P256, thing, null, Duration.ofDays(30),
                IssuancePolicy.defaults());
        String id = issued.certificate().id().value();
        String keyPem = KeyFiles.toPem(issued.privateKey(), null);
        String sealed = custodial ? devices.sealCustodialKey(id, keyPem.getBytes(StandardCharsets.US_ASCII)) : null;
        DeviceRecord record = new DeviceRecord(thing, id, issued.certificate().serialNumber().toString(16), ca.id(),
                fleet, issued.certificate().certificate().getNotBefore().toInstant(), issued.certificate().notAfter(),
                DeviceRecord.ACTIVE, issued.certificate().pem(), custodial, null, null, null);
        database.transaction(connection -> devices.insert(connection, record, sealed));
        return new Device(thing, id, issued.certificate().pem(), issued.certificate().chainPem(), keyPem);
    }

    /**
     * A device.
     *
     * @param thing the thing name
     * @param certificateId its certificate id
     * @param certificatePem its certificate
     * @param chainPem certificate and CA
     * @param keyPem its private key (test material)
     */
    public record Device(String thing, String certificateId, String certificatePem, String chainPem,
            String keyPem) {

        @Override
        public String toString() {
            return "Device[" + thing + "]";
        }
    }
}
