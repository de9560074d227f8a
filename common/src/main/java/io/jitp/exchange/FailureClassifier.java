package io.jitp.exchange;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.jitp.error.Reason;
import io.vertx.core.http.HttpClosedException;

/**
 * Decides what a failed call to the credentials provider means, following the error table of reference section
 * 5.4 and the JITP behaviour of 5.5:
 *
 * <table>
 * <caption>classification</caption>
 * <tr>
 * <th>answer</th>
 * <th>new certificate, within the provisioning window</th>
 * <th>otherwise</th>
 * </tr>
 * <tr>
 * <td>connection closed or reset without an answer</td>
 * <td>provisioning</td>
 * <td>transient (known certificate)
 * or final "not provisioned" (window over)</td>
 * </tr>
 * <tr>
 * <td>403 (any message)</td>
 * <td>provisioning</td>
 * <td>final: certificate status, thing attachment or policy,
 * from the message</td>
 * </tr>
 * <tr>
 * <td>TLS handshake refused by the endpoint</td>
 * <td>provisioning</td>
 * <td>final: client certificate</td>
 * </tr>
 * <tr>
 * <td>429, 500, 502, 503, 504, timeouts</td>
 * <td colspan="2">transient</td>
 * </tr>
 * <tr>
 * <td>404 Role alias does not exist</td>
 * <td colspan="2">final: role alias</td>
 * </tr>
 * <tr>
 * <td>400 Unable to assume the role… / …exceeds the MaxSessionDuration…</td>
 * <td colspan="2">final: role trust /
 * credential duration</td>
 * </tr>
 * <tr>
 * <td>other 4xx, malformed 200</td>
 * <td colspan="2">final</td>
 * </tr>
 * <tr>
 * <td>server certificate untrusted or for another name, connection refused, unknown host</td>
 * <td colspan="2">final: trust bundle, server name, endpoint</td>
 * </tr>
 * </table>
 *
 * A "new certificate" is one that never got credentials from this client (see {@link CredentialsExchange}); a
 * certificate known to be provisioned gets its 403 reported at once.
 */
public final class FailureClassifier {

    /**
     * Where the exchange stands with respect to provisioning.
     *
     * @param newCertificate whether the certificate never got credentials here
     * @param elapsed time since the exchange's first attempt
     * @param window the provisioning window
     */
    public record ProvisioningState(boolean newCertificate, Duration elapsed, Duration window) {

        /** Whether a "provisioning in progress" answer may still be retried. */
        public boolean inWindow() {
            return newCertificate && elapsed.compareTo(window) < 0;
        }

        /** Whether a new certificate's window has passed. */
        boolean windowOver() {
            return newCertificate && !inWindow();
        }
    }

    /** Classifies an HTTP answer other than 200. */
    public ExchangeFailure classify(UpstreamAnswer answer, ExchangeRequest request, ProvisioningState state) {
        int status = answer.status();
        if (status == 429) {
            return transientFailure(Reason.TOO_MANY_REQUESTS, Check.THROTTLING, answer,
                    "the credentials endpoint throttled the request (" + answer.summary() + ")",
                    "lower the rate of exchanges (cache credentials, spread a fleet's reconnects) or ask AWS for a "
                            + "higher credentials-provider quota",
                    null);
        }
        if (status >= 500) {
            return transientFailure(Reason.UNAVAILABLE, Check.UPSTREAM, answer,
                    "the credentials endpoint failed (" + answer.summary() + ")",
                    "retry later; check the AWS Health Dashboard for AWS IoT Core in the endpoint's region", null);
        }
        if (status == 403) {
            return forbidden(answer, request, state);
        }
        if (status == 404) {
            return finalFailure(Reason.NOT_FOUND, Check.ROLE_ALIAS, answer,
                    "role alias '" + request.roleAlias() + "' does not exist at " + request.endpoint().address()
                            + " (" + answer.summary() + ")",
                    "fix the role alias (--role-alias, or roleAlias in device.json), or create it: aws iot "
                            + "create-role-alias --role-alias " + request.roleAlias() + " --role-arn <role ARN>");
        }
        if (status == 400 && contains(answer, "duration")) {
            return finalFailure(Reason.UPSTREAM, Check.DURATION, answer,
                    "the role alias '" + request.roleAlias() + "' asks for longer credentials than its role allows ("
                            + answer.summary() + ")",
                    "lower the alias' duration (aws iot update-role-alias --role-alias " + request.roleAlias()
                            + " --credential-duration-seconds 3600) or raise the role's MaxSessionDuration");
        }
        if (status == 400 && contains(answer, "role")) {
            return finalFailure(Reason.UPSTREAM, Check.ROLE, answer,
                    "the credentials provider cannot assume the role of alias '" + request.roleAlias() + "' ("
                            + answer.summary() + ")",
                    "make the alias' roleArn name an existing IAM role whose trust policy allows the service "
                            + "principal credentials.iot.amazonaws.com to call sts:AssumeRole");
        }
        return finalFailure(Reason.UPSTREAM, Check.REQUEST, answer,
                "the credentials endpoint refused the request (" + answer.summary() + ")",
                "check the endpoint, role alias and thing name against 'aws iot describe-endpoint --endpoint-type "
                        + "iot:CredentialProvider' and 'aws iot describe-role-alias'");
    }

    /** Classifies a call that ended without an HTTP answer. */
    public ExchangeFailure classify(Throwable error, ExchangeRequest request, ProvisioningState state) {
        if (error instanceof ExchangeFailure decided) {
            // A transport decorator's own verdict (the broker's fleet-wide limit, its circuit breaker): kept as is.
            return decided;
        }
        String address = request.endpoint().address();
        String certificate = request.identity().certificateId().value();
        if ((has(error, SSLHandshakeException.class) || has(error, SSLException.class))
                && (trustOrName(error) || mentions(error, "alert") || !closed(error))) {
            // A handshake cut by a dropped connection is a dropped connection, handled below.
            return tls(error, request, state);
        }
        if (has(error, ConnectException.class) || has(error, NoRouteToHostException.class)) {
            return new ExchangeFailure(Reason.UNAVAILABLE, FailureClass.FINAL, Check.ENDPOINT, 0, null,
                    "nothing accepts connections at " + address,
                    "check the endpoint address (aws iot describe-endpoint --endpoint-type iot:CredentialProvider)",
                    null, null, error);
        }
        if (has(error, UnknownHostException.class)) {
            return new ExchangeFailure(Reason.UNAVAILABLE, FailureClass.FINAL, Check.ENDPOINT, 0, null,
                    "the host of " + address + " cannot be resolved",
                    "check the endpoint address and the device's DNS", null, null, error);
        }
        if (has(error, TimeoutException.class)) {
            return new ExchangeFailure(Reason.UNAVAILABLE, FailureClass.TRANSIENT, Check.UPSTREAM, 0, null,
                    "the credentials endpoint " + address + " did not answer in time",
                    "check the network path to the endpoint", null, null, error);
        }
        if (closed(error)) {
            if (state.inWindow()) {
                return new ExchangeFailure(Reason.UNAVAILABLE, FailureClass.PROVISIONING, Check.PROVISIONING, 0,
                        null, "the credentials endpoint closed the connection without an answer (provisioning in "
                                + "progress)",
                        null, null, null, error);
            }
            if (state.windowOver()) {
                return notProvisioned(request, state, "kept closing the connection without an answer", error);
            }
            return new ExchangeFailure(Reason.UNAVAILABLE, FailureClass.TRANSIENT, Check.UPSTREAM, 0, null,
                    "the credentials endpoint " + address + " closed the connection without an answer",
                    "check the network path to the endpoint", null, null, error);
        }
        if (error instanceof IOException || has(error, IOException.class)) {
            return new ExchangeFailure(Reason.UNAVAILABLE, FailureClass.TRANSIENT, Check.UPSTREAM, 0, null,
                    "the connection to " + address + " failed", "check the network path to the endpoint", null, null,
                    error);
        }
        return new ExchangeFailure(Reason.INTERNAL, FailureClass.FINAL, Check.REQUEST, 0, null,
                "the exchange for certificate " + certificate + " failed unexpectedly",
                "run again with JITP_DEBUG=1 and report the output", null, null, error);
    }

    /** A 200 whose body is not credentials JSON. */
    ExchangeFailure malformed(ExchangeRequest request, String problem, Throwable cause) {
        return new ExchangeFailure(Reason.UPSTREAM, FailureClass.FINAL, Check.RESPONSE, 200, null,
                "the credentials endpoint " + request.endpoint().address() + " answered 200 without usable "
                        + "credentials (" + problem + ")",
                "check that the endpoint is the iot:CredentialProvider endpoint, not the iot:Data-ATS one", null,
                null, cause);
    }

    private ExchangeFailure forbidden(UpstreamAnswer answer, ExchangeRequest request, ProvisioningState state) {
        String certificate = request.identity().certificateId().value();
        Check check;
        String message;
        String fix;
        if (contains(answer, "thing name")) {
            check = Check.THING;
            message = "the credentials endpoint refused thing name '" + request.thingName() + "' for certificate "
                    + certificate + " (" + answer.summary() + "): the thing does not exist or is not attached to "
                    + "the certificate";
            fix = "check the thing name (--thing, or thingName in device.json); attach the thing to the certificate "
                    + "(aws iot attach-thing-principal), which a JITP template does for new devices";
        } else if (contains(answer, "access denied")) {
            check = Check.POLICY;
            message = "the credentials endpoint denied role alias '" + request.roleAlias() + "' to certificate "
                    + certificate + " (" + answer.summary() + "): no attached IoT policy allows "
                    + "iot:AssumeRoleWithCertificate on it";
            fix = "attach to the certificate a policy allowing iot:AssumeRoleWithCertificate on "
                    + "arn:aws:iot:<region>:<account>:rolealias/" + request.roleAlias()
                    + " (for new devices: the JITP template's policy)";
        } else {
            check = Check.CERTIFICATE;
            message = "the credentials endpoint does not accept certificate " + certificate + " (" + answer.summary()
                    + "): it is not ACTIVE in this account (revoked, inactive, or unknown)";
            fix = "check it with 'aws iot describe-certificate --certificate-id " + certificate + "'; a revoked "
                    + "certificate needs a new one (jitp device enroll); an unknown one needs its CA registered "
                    + "ACTIVE with auto-registration and a JITP template";
        }
        if (state.inWindow()) {
            return new ExchangeFailure(Reason.FORBIDDEN, FailureClass.PROVISIONING, check, 403, answer.message(),
                    message + " (provisioning in progress)", fix, answer.retryAfter(), null, null);
        }
        if (state.windowOver()) {
            message = message + "; the certificate is new and was still refused "
                    + state.window().toSeconds() + " s after the first attempt";
        }
        return new ExchangeFailure(Reason.FORBIDDEN, FailureClass.FINAL, check, 403, answer.message(), message, fix,
                null, null, null);
    }

    private static boolean trustOrName(Throwable error) {
        return untrusted(error) || wrongName(error);
    }

    private static boolean untrusted(Throwable error) {
        return has(error, CertPathBuilderException.class) || has(error, CertPathValidatorException.class)
                || mentions(error, "pkix") || mentions(error, "unable to find valid certification path");
    }

    private static boolean wrongName(Throwable error) {
        return mentions(error, "subject alternative name") || mentions(error, "no name matching")
                || (has(error, CertificateException.class) && mentions(error, "match"));
    }

    private ExchangeFailure tls(Throwable error, ExchangeRequest request, ProvisioningState state) {
        CredentialsEndpoint endpoint = request.endpoint();
        if (untrusted(error)) {
            return new ExchangeFailure(Reason.UPSTREAM, FailureClass.FINAL, Check.TRUST, 0, null,
                    "the certificate of " + endpoint.address() + " does not chain to a root in "
                            + endpoint.trustSource(),
                    "give the trust bundle of the endpoint (--ca-bundle): AmazonRootCA1.pem for AWS, the "
                            + "emulator's tls/root.pem (trustBundle in its endpoints.json) for the emulator",
                    null, null, error);
        }
        if (wrongName(error)) {
            return new ExchangeFailure(Reason.UPSTREAM, FailureClass.FINAL, Check.SERVER_NAME, 0, null,
                    "the certificate of " + endpoint.address() + " is not valid for the name '"
                            + endpoint.serverName() + "'",
                    "use the host name 'aws iot describe-endpoint --endpoint-type iot:CredentialProvider' prints",
                    null, null, error);
        }
        if (state.inWindow()) {
            return new ExchangeFailure(Reason.UNAVAILABLE, FailureClass.PROVISIONING, Check.CLIENT_CERTIFICATE, 0,
                    null, "the credentials endpoint refused the TLS handshake (provisioning in progress)", null, null,
                    null, error);
        }
        String certificate = request.identity().certificateId().value();
        return new ExchangeFailure(Reason.FORBIDDEN, FailureClass.FINAL, Check.CLIENT_CERTIFICATE, 0, null,
                "the credentials endpoint " + endpoint.address() + " refused the TLS handshake with certificate "
                        + certificate,
                "check that the key matches the certificate, that the chain file starts with the device "
                        + "certificate, and that the certificate is registered and ACTIVE",
                null, null, error);
    }

    private ExchangeFailure notProvisioned(ExchangeRequest request, ProvisioningState state, String what,
            Throwable cause) {
        String certificate = request.identity().certificateId().value();
        return new ExchangeFailure(Reason.FORBIDDEN, FailureClass.FINAL, Check.PROVISIONING, 0, null,
                "the credentials endpoint " + what + " for " + state.window().toSeconds() + " s: certificate "
                        + certificate + " was not provisioned",
                "check that the certificate's CA is registered ACTIVE with auto-registration and a JITP template "
                        + "(aws iot describe-ca-certificate), that the chain sent includes the CA, and the "
                        + "template's errors in the provisioning logs",
                null, null, cause);
    }

    private static ExchangeFailure transientFailure(Reason reason, Check check, UpstreamAnswer answer,
            String message, String fix, Throwable cause) {
        return new ExchangeFailure(reason, FailureClass.TRANSIENT, check, answer.status(), answer.message(), message,
                fix, answer.retryAfter(), null, cause);
    }

    private static ExchangeFailure finalFailure(Reason reason, Check check, UpstreamAnswer answer, String message,
            String fix) {
        return new ExchangeFailure(reason, FailureClass.FINAL, check, answer.status(), answer.message(), message, fix,
                null, null, null);
    }

    private static boolean contains(UpstreamAnswer answer, String text) {
        return answer.message() != null && answer.message().toLowerCase(Locale.ROOT).contains(text);
    }

    private static boolean closed(Throwable error) {
        return has(error, HttpClosedException.class) || has(error, ClosedChannelException.class)
                || has(error, SocketException.class) || mentions(error, "connection reset")
                || mentions(error, "connection was closed") || mentions(error, "closed");
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean mentions(Throwable error, String text) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains(text)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
