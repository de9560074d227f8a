package io.jitp.emulator.credentials;

import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.jboss.logging.Logger;

import io.jitp.emulator.fault.Fault;
import io.jitp.emulator.fault.FaultGate;
import io.jitp.emulator.fault.Outcome;
import io.jitp.emulator.fault.Surface;
import io.jitp.emulator.policy.IotPolicyDocument;
import io.jitp.emulator.provisioning.JitpProvisioner;
import io.jitp.emulator.signing.PercentDecoding;
import io.jitp.emulator.state.AccessKey;
import io.jitp.emulator.state.CertificateEntry;
import io.jitp.emulator.state.CertificateStatus;
import io.jitp.emulator.state.IotAccount;
import io.jitp.emulator.state.IotState;
import io.jitp.emulator.state.PolicyEntry;
import io.jitp.emulator.state.RoleAliasEntry;
import io.jitp.emulator.state.SessionEntry;
import io.jitp.emulator.state.ThingEntry;
import io.jitp.emulator.state.X509Certificates;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The credentials provider: {@code GET /role-aliases/<alias>/credentials} over HTTPS with a client certificate
 * exchanges the certificate for temporary AWS credentials of the alias's role. The authorisation chain runs in
 * the order of reference/aws-iot.md section 5.3:
 * <ol>
 * <li>the certificate is registered and ACTIVE; an unknown certificate signed by an ACTIVE CA with
 * auto-registration enabled (DEFAULT mode: the CA is in the presented chain) is registered PENDING_ACTIVATION,
 * its CA's JITP template is scheduled, and the triggering request fails ({@link FirstContact});</li>
 * <li>an {@code x-amzn-iot-thingname} header names a thing attached to the certificate (403 {@code Invalid thing
 * name passed});</li>
 * <li>an attached policy allows {@code iot:AssumeRoleWithCertificate} on the alias ARN (403
 * {@code Access Denied});</li>
 * <li>the role alias exists (404 {@code Role alias does not exist}).</li>
 * </ol>
 */
public final class CredentialsService {

    private static final Logger LOG = Logger.getLogger(CredentialsService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The action an attached policy must allow. */
    public static final String ACTION = "iot:AssumeRoleWithCertificate";

    private final IotState state;
    private final IotAccount account;
    private final JitpProvisioner provisioner;
    private final FaultGate gate;
    private final FirstContact firstContact;

    /** How the request that triggers JITP (or meets a certificate still PENDING_ACTIVATION) fails. */
    public enum FirstContact {
        /** Close the connection without an answer (the default; what AWS does for MQTT). */
        CLOSE,
        /** Answer 403 {@code {"message":"Access Denied"}}. */
        FORBIDDEN
    }

    /**
     * @param state the state
     * @param provisioner applies JITP templates
     * @param gate fault injection and counters
     * @param firstContact how a request from a PENDING_ACTIVATION certificate fails
     */
    public CredentialsService(IotState state, JitpProvisioner provisioner, FaultGate gate, FirstContact firstContact) {
        this.state = state;
        this.account = state.account();
        this.provisioner = provisioner;
        this.gate = gate;
        this.firstContact = firstContact;
    }

    /** Serves one request. */
    public void handle(HttpServerRequest request) {
        String requestId = UUID.randomUUID().toString();
        String alias = alias(request.path());
        if (alias == null) {
            gate.pass(request, Surface.CREDENTIALS, "Unknown", kind -> injected(request, requestId, kind),
                    () -> Future.succeededFuture(error(request.response(), requestId, 404, "ResourceNotFoundException",
                            "Not Found: the credentials provider serves GET /role-aliases/<alias>/credentials")));
            return;
        }
        gate.pass(request, Surface.CREDENTIALS, ACTION, kind -> injected(request, requestId, kind),
                () -> serve(request, alias, requestId));
    }

    private static String alias(String rawPath) {
        if (rawPath == null) {
            return null;
        }
        String[] segments = rawPath.split("/", -1);
        if (segments.length != 4 || !segments[0].isEmpty() || !segments[1].equals("role-aliases")
                || segments[2].isEmpty() || !segments[3].equals("credentials")) {
            return null;
        }
        try {
            return PercentDecoding.decode(segments[2]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void injected(HttpServerRequest request, String requestId, Fault.Kind kind) {
        switch (kind) {
            case THROTTLE -> error(request.response(), requestId, 429, "ThrottlingException", "Rate exceeded");
            case UNAVAILABLE -> error(request.response(), requestId, 503, "ServiceUnavailableException",
                    "Service unavailable (injected by the emulator)");
            default -> error(request.response(), requestId, 500, "InternalFailureException",
                    "Internal failure (injected by the emulator)");
        }
    }

    private Future<Outcome> serve(HttpServerRequest request, String alias, String requestId) {
        HttpServerResponse response = request.response();
        if (!request.method().name().equals("GET")) {
            response.putHeader("Allow", "GET");
            return Future.succeededFuture(error(response, requestId, 405, "MethodNotAllowedException",
                    "Use GET on /role-aliases/<alias>/credentials"));
        }
        List<X509Certificate> chain = peerChain(request);
        if (chain.isEmpty()) {
            return Future.succeededFuture(error(response, requestId, 403, "AccessDeniedException",
                    "Certificate is invalid on this endpoint"));
        }
        IotState.AutoRegistration registration = state.autoRegister(chain.get(0), chain);
        if (registration.refusal() != null) {
            LOG.debugf("credentials refused: %s certificateId=%s requestId=%s", registration.refusal(),
                    X509Certificates.id(chain.get(0)), requestId);
            return Future.succeededFuture(error(response, requestId, 403, "AccessDeniedException",
                    "Certificate is invalid on this endpoint"));
        }
        CertificateEntry certificate = registration.certificate();
        if (registration.newlyRegistered()) {
            LOG.infof("auto-registered certificateId=%s caCertificateId=%s status=PENDING_ACTIVATION",
                    certificate.id(), certificate.caCertificateId());
            state.flush();
        }
        if (certificate.status() == CertificateStatus.PENDING_ACTIVATION) {
            provisioner.onContact(certificate);
            if (firstContact == FirstContact.CLOSE) {
                request.connection().close();
                return Future.succeededFuture(Outcome.CONNECTION_CLOSED);
            }
            return Future.succeededFuture(error(response, requestId, 403, "AccessDeniedException", "Access Denied"));
        }
        if (certificate.status() != CertificateStatus.ACTIVE) {
            LOG.debugf("credentials refused: certificate is %s certificateId=%s requestId=%s", certificate.status(),
                    certificate.id(), requestId);
            return Future.succeededFuture(error(response, requestId, 403, "AccessDeniedException",
                    "Certificate is invalid on this endpoint"));
        }
        String principal = account.certificateArn(certificate.id());
        String thingName = request.getHeader("x-amzn-iot-thingname");
        if (thingName != null && !state.isAttached(thingName, principal)) {
            return Future.succeededFuture(error(response, requestId, 403, "AccessDeniedException",
                    "Invalid thing name passed"));
        }
        String aliasArn = account.roleAliasArn(alias);
        if (!IotPolicyDocument.allows(policies(principal), ACTION, aliasArn,
                variables(thingName, chain.get(0)))) {
            return Future.succeededFuture(error(response, requestId, 403, "AccessDeniedException", "Access Denied"));
        }
        RoleAliasEntry roleAlias = state.findRoleAlias(alias);
        if (roleAlias == null) {
            return Future.succeededFuture(error(response, requestId, 404, "ResourceNotFoundException",
                    "Role alias does not exist"));
        }
        SessionEntry session = issue(roleAlias, thingName != null ? thingName : certificate.id(), certificate.id());
        state.addSession(session);
        ObjectNode body = JSON.createObjectNode();
        body.putObject("credentials")
                .put("accessKeyId", session.accessKeyId())
                .put("secretAccessKey", session.secretAccessKey())
                .put("sessionToken", session.sessionToken())
                .put("expiration", Instant.ofEpochMilli(session.expirationMillis()).toString());
        LOG.debugf("credentials issued accessKeyId=%s certificateId=%s roleAlias=%s requestId=%s",
                session.accessKeyId(), certificate.id(), alias, requestId);
        return Future.fromCompletionStage(state.flush()).transform(flushed -> {
            write(response, 200, requestId, null, body);
            return Future.succeededFuture(Outcome.OK);
        });
    }

    private List<IotPolicyDocument> policies(String principal) {
        List<IotPolicyDocument> documents = new ArrayList<>();
        for (PolicyEntry policy : state.attachedPolicies(principal)) {
            documents.add(IotPolicyDocument.parse(policy.document()));
        }
        return documents;
    }

    private Map<String, String> variables(String thingName, X509Certificate certificate) {
        Map<String, String> variables = new HashMap<>();
        if (thingName != null) {
            variables.put("iot:Connection.Thing.ThingName", thingName);
            variables.put("iot:Connection.Thing.IsAttached", "true");
            ThingEntry thing = state.findThing(thingName);
            if (thing == null) {
                return variables;
            }
            thing.attributes().forEach((name, value) -> variables
                    .put("iot:Connection.Thing.Attributes[" + name + "]", value));
            if (thing.typeName() != null) {
                variables.put("iot:Connection.Thing.ThingTypeName", thing.typeName());
            }
        }
        String commonName = X509Certificates.commonName(certificate);
        if (commonName != null) {
            variables.put("iot:Certificate.Subject.CommonName", commonName);
        }
        return variables;
    }

    private SessionEntry issue(RoleAliasEntry alias, String sessionName, String certificateId) {
        Instant expiration = state.clock()
                .instant()
                .plusSeconds(alias.credentialDurationSeconds())
                .truncatedTo(ChronoUnit.SECONDS);
        byte[] token = new byte[120];
        RANDOM.nextBytes(token);
        return new SessionEntry("ASIA" + AccessKey.randomString(RANDOM, AccessKey.keyIdAlphabet(), 16),
                AccessKey.randomString(RANDOM, AccessKey.secretAlphabet(), 40),
                "IQoJb3JpZ2luX2Vj" + Base64.getEncoder().encodeToString(token), alias.roleArn(), sessionName,
                certificateId, expiration.toEpochMilli());
    }

    private static List<X509Certificate> peerChain(HttpServerRequest request) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate certificate : request.connection().peerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
        return chain;
    }

    private static Outcome error(HttpServerResponse response, String requestId, int status, String type,
            String message) {
        write(response, status, requestId, type, JSON.createObjectNode().put("message", message));
        return Outcome.ofStatus(status);
    }

    private static void write(HttpServerResponse response, int status, String requestId, String errorType,
            ObjectNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("x-amzn-RequestId", requestId);
        if (errorType != null) {
            response.putHeader("x-amzn-ErrorType", errorType);
        }
        response.end(io.vertx.core.buffer.Buffer.buffer(bytes));
    }
}
