package io.jitp.exchange;

/** The check of the credentials provider (reference 5.3) or of the connection that a failure points at. */
public enum Check {
    /** The certificate is registered and ACTIVE in the endpoint's account. */
    CERTIFICATE("certificate status"),
    /** The thing in {@code x-amzn-iot-thingname} exists and is attached to the certificate. */
    THING("thing attachment"),
    /** An attached IoT policy allows {@code iot:AssumeRoleWithCertificate} on the role alias. */
    POLICY("iot:AssumeRoleWithCertificate policy"),
    /** The role alias exists. */
    ROLE_ALIAS("role alias"),
    /** The alias' role exists and trusts {@code credentials.iot.amazonaws.com}. */
    ROLE("role trust"),
    /** The alias' credential duration fits the role's maximum session duration. */
    DURATION("credential duration"),
    /** A new certificate's just-in-time provisioning completed. */
    PROVISIONING("just-in-time provisioning"),
    /** The endpoint's certificate chains to the trust bundle. */
    TRUST("server certificate trust"),
    /** The endpoint's certificate carries the endpoint's name. */
    SERVER_NAME("server certificate name"),
    /** The endpoint accepted the device's certificate in the TLS handshake. */
    CLIENT_CERTIFICATE("client certificate"),
    /** The endpoint can be reached. */
    ENDPOINT("endpoint reachability"),
    /** The account's request rate to the credentials provider. */
    THROTTLING("request rate"),
    /** The credentials provider itself (5xx, timeouts, dropped connections). */
    UPSTREAM("credentials provider availability"),
    /** The answer is credentials JSON. */
    RESPONSE("response format"),
    /** Any other refusal of the request. */
    REQUEST("request");

    private final String label;

    Check(String label) {
        this.label = label;
    }

    /** A short human name, e.g. "thing attachment". */
    public String label() {
        return label;
    }
}
