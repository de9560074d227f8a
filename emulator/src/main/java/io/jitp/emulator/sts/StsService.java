package io.jitp.emulator.sts;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.jitp.emulator.controlplane.ControlPlane;
import io.jitp.emulator.fault.Fault;
import io.jitp.emulator.fault.FaultGate;
import io.jitp.emulator.fault.Outcome;
import io.jitp.emulator.fault.Surface;
import io.jitp.emulator.signing.CallerCredentials;
import io.jitp.emulator.signing.PercentDecoding;
import io.jitp.emulator.signing.SigV4Verifier;
import io.jitp.emulator.signing.SignatureFailure;
import io.jitp.emulator.signing.SignedRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A minimal STS: {@code GetCallerIdentity} over the query protocol (form POST to {@code /}, or GET with the
 * query string), answering XML. It proves that credentials from the credentials endpoint are real: the
 * request must be SigV4-signed for service {@code sts} with them, session token included; the answer names
 * {@code arn:aws:sts::<account>:assumed-role/<role name>/<session name>}. The account's long-term key is
 * answered as {@code arn:aws:iam::<account>:root}.
 */
public final class StsService {

    private static final Logger LOG = Logger.getLogger(StsService.class);
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final String accountId;
    private final SigV4Verifier verifier;
    private final FaultGate gate;

    /**
     * @param accountId the emulated account
     * @param verifier verifies signatures against the account key and issued sessions
     * @param gate fault injection and counters
     */
    public StsService(String accountId, SigV4Verifier verifier, FaultGate gate) {
        this.accountId = accountId;
        this.verifier = verifier;
        this.gate = gate;
    }

    /** Whether a request on the API port is meant for STS: the query protocol at {@code /}. */
    public static boolean accepts(HttpServerRequest request) {
        return "/".equals(request.path()) || request.path().isEmpty();
    }

    /** Serves one request whose body has been read. */
    public void handle(HttpServerRequest request, Buffer body) {
        String requestId = UUID.randomUUID().toString();
        Map<String, List<String>> parameters;
        try {
            parameters = parameters(request, body);
        } catch (IllegalArgumentException e) {
            gate.pass(request, Surface.STS, "Unknown", kind -> injected(request, requestId, kind),
                    () -> Future.succeededFuture(error(request.response(), requestId, 400, "Sender",
                            "MalformedQueryString", "The query string or form body is not correctly encoded")));
            return;
        }
        List<String> actions = parameters.get("Action");
        String action = actions == null || actions.isEmpty() ? "Unknown" : actions.get(0);
        gate.pass(request, Surface.STS, action, kind -> injected(request, requestId, kind),
                () -> Future.succeededFuture(serve(request, body, action, requestId)));
    }

    private static Map<String, List<String>> parameters(HttpServerRequest request, Buffer body) {
        String contentType = request.getHeader("Content-Type");
        if (request.method().name().equals("POST") && body.length() > 0
                && (contentType == null || contentType.startsWith("application/x-www-form-urlencoded"))) {
            // Form bodies encode spaces as '+'.
            return PercentDecoding.query(body.toString(StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return PercentDecoding.query(request.query());
    }

    private Outcome serve(HttpServerRequest request, Buffer body, String action, String requestId) {
        HttpServerResponse response = request.response();
        CallerCredentials caller;
        try {
            caller = verifier.verify(new SignedRequest(request.method().name(), request.path(), request.query(),
                    ControlPlane.signedHeaders(request), body.getBytes()), Set.of("sts"));
        } catch (SignatureFailure failure) {
            LOG.debugf("sts signature refused kind=%s requestId=%s", failure.kind(), requestId);
            return switch (failure.kind()) {
                case MISSING_AUTHENTICATION -> error(response, requestId, 403, "Sender", "MissingAuthenticationToken",
                        "Request is missing Authentication Token");
                case INCOMPLETE_SIGNATURE -> error(response, requestId, 400, "Sender", "IncompleteSignature",
                        failure.getMessage());
                case UNKNOWN_ACCESS_KEY, INVALID_SESSION_TOKEN -> error(response, requestId, 403, "Sender",
                        "InvalidClientTokenId", "The security token included in the request is invalid.");
                case EXPIRED_TOKEN -> error(response, requestId, 400, "Sender", "ExpiredToken",
                        "The security token included in the request is expired");
                case SIGNATURE_MISMATCH, SIGNATURE_EXPIRED, WRONG_SCOPE -> error(response, requestId, 403, "Sender",
                        "SignatureDoesNotMatch", failure.getMessage());
            };
        }
        if (!action.equals("GetCallerIdentity")) {
            return error(response, requestId, 400, "Sender", "InvalidAction", "Could not find operation " + action
                    + " for version 2011-06-15 (the emulator's STS serves GetCallerIdentity only)");
        }
        String arn;
        String userId;
        if (caller.temporary()) {
            String roleName = caller.roleArn().substring(caller.roleArn().lastIndexOf('/') + 1);
            arn = "arn:" + partition(caller.roleArn()) + ":sts::" + accountId + ":assumed-role/" + roleName + "/"
                    + caller.sessionName();
            userId = roleId(caller.roleArn()) + ":" + caller.sessionName();
        } else {
            arn = "arn:aws:iam::" + accountId + ":root";
            userId = accountId;
        }
        String xml = "<GetCallerIdentityResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <GetCallerIdentityResult>\n"
                + "    <Arn>" + escape(arn) + "</Arn>\n"
                + "    <UserId>" + escape(userId) + "</UserId>\n"
                + "    <Account>" + accountId + "</Account>\n"
                + "  </GetCallerIdentityResult>\n"
                + "  <ResponseMetadata>\n"
                + "    <RequestId>" + requestId + "</RequestId>\n"
                + "  </ResponseMetadata>\n"
                + "</GetCallerIdentityResponse>\n";
        write(response, 200, requestId, xml);
        LOG.debugf("sts action=GetCallerIdentity status=200 requestId=%s", requestId);
        return Outcome.OK;
    }

    private static String partition(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 1 ? parts[1] : "aws";
    }

    /** A stable role id ({@code AROA…}) derived from the role ARN, as IAM gives every role one. */
    private static String roleId(String roleArn) {
        UUID uuid = UUID.nameUUIDFromBytes(roleArn.getBytes(StandardCharsets.UTF_8));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        long bits = uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
        StringBuilder out = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            out.append(alphabet.charAt((int) ((bits >>> (i * 3)) & 31)));
        }
        return out.toString();
    }

    private void injected(HttpServerRequest request, String requestId, Fault.Kind kind) {
        switch (kind) {
            case THROTTLE -> error(request.response(), requestId, 400, "Sender", "Throttling", "Rate exceeded");
            case UNAVAILABLE -> error(request.response(), requestId, 503, "Receiver", "ServiceUnavailable",
                    "Service unavailable (injected by the emulator)");
            default -> error(request.response(), requestId, 500, "Receiver", "InternalFailure",
                    "Internal failure (injected by the emulator)");
        }
    }

    private static Outcome error(HttpServerResponse response, String requestId, int status, String type, String code,
            String message) {
        String xml = "<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <Error>\n"
                + "    <Type>" + type + "</Type>\n"
                + "    <Code>" + code + "</Code>\n"
                + "    <Message>" + escape(message) + "</Message>\n"
                + "  </Error>\n"
                + "  <RequestId>" + requestId + "</RequestId>\n"
                + "</ErrorResponse>\n";
        write(response, status, requestId, xml);
        return Outcome.ofStatus(status);
    }

    private static void write(HttpServerResponse response, int status, String requestId, String xml) {
        response.setStatusCode(status)
                .putHeader("Content-Type", "text/xml")
                .putHeader("x-amzn-RequestId", requestId)
                .end(xml);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
