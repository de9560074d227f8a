package io.jitp.emulator.controlplane;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.jitp.emulator.fault.Fault;
import io.jitp.emulator.fault.FaultGate;
import io.jitp.emulator.fault.Outcome;
import io.jitp.emulator.fault.Surface;
import io.jitp.emulator.signing.CallerCredentials;
import io.jitp.emulator.signing.PercentDecoding;
import io.jitp.emulator.signing.SigV4Verifier;
import io.jitp.emulator.signing.SignatureFailure;
import io.jitp.emulator.signing.SignedRequest;
import io.jitp.emulator.state.IotErrorType;
import io.jitp.emulator.state.IotServiceException;
import io.jitp.emulator.state.IotState;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The AWS IoT control plane over restJson1: routes on the raw path, verifies SigV4 (scope {@code iot} or
 * {@code execute-api}), runs the operation against the state, waits for the snapshot of a mutation, and
 * answers as the AWS SDK for Java v2 and the AWS CLI expect (reference section 1).
 */
public final class ControlPlane {

    private static final Logger LOG = Logger.getLogger(ControlPlane.class);
    /** Signing names accepted in the credential scope: current clients sign for iot, older for execute-api. */
    public static final Set<String> SIGNING_NAMES = Set.of("iot", "execute-api");

    private final IotState state;
    private final SigV4Verifier verifier;
    private final FaultGate gate;
    private final List<Route> routes = new ArrayList<>();

    /**
     * @param state the state
     * @param verifier verifies signatures
     * @param gate fault injection and counters
     * @param credentialsEndpoint {@code host:port} of the credentials endpoint, for DescribeEndpoint
     */
    public ControlPlane(IotState state, SigV4Verifier verifier, FaultGate gate, Supplier<String> credentialsEndpoint) {
        this.state = state;
        this.verifier = verifier;
        this.gate = gate;
        routes.addAll(new CertificateOperations(state).routes());
        routes.addAll(new ThingOperations(state).routes());
        routes.addAll(new PolicyOperations(state).routes());
        routes.addAll(new ProvisioningTemplateOperations(state, credentialsEndpoint).routes());
    }

    private record Match(Route route, Map<String, String> labels) {
    }

    private Match route(String method, String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        List<String> segments = Arrays.asList(path.substring(1).split("/", -1));
        for (Route route : routes) {
            if (!route.method().equals(method)) {
                continue;
            }
            Map<String, String> labels;
            try {
                labels = route.match(segments);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (labels != null) {
                return new Match(route, labels);
            }
        }
        return null;
    }

    /** Serves one request whose body has been read. */
    public void handle(HttpServerRequest request, Buffer body) {
        Match match = route(request.method().name(), request.path());
        String operation = match == null ? "Unknown" : match.route().operation();
        String requestId = UUID.randomUUID().toString();
        gate.pass(request, Surface.CONTROL_PLANE, operation, kind -> injected(request, requestId, kind),
                () -> serve(request, body, match, requestId));
    }

    private void injected(HttpServerRequest request, String requestId, Fault.Kind kind) {
        IotErrorType type = switch (kind) {
            case THROTTLE -> IotErrorType.THROTTLING;
            case UNAVAILABLE -> IotErrorType.SERVICE_UNAVAILABLE;
            default -> IotErrorType.INTERNAL_FAILURE;
        };
        String message = switch (kind) {
            case THROTTLE -> "Rate exceeded";
            case UNAVAILABLE -> "Service unavailable (injected by the emulator)";
            default -> "Internal failure (injected by the emulator)";
        };
        AwsJsonResponses.error(request.response(), requestId, type.status(), type.wireName(), message, null, null);
    }

    private Future<Outcome> serve(HttpServerRequest request, Buffer body, Match match, String requestId) {
        CallerCredentials caller;
        try {
            caller = verifier.verify(new SignedRequest(request.method().name(), request.path(), request.query(),
                    signedHeaders(request), body.getBytes()), SIGNING_NAMES);
        } catch (SignatureFailure failure) {
            LOG.debugf("signature refused kind=%s requestId=%s", failure.kind(), requestId);
            return respondError(request, requestId, 403, signatureType(failure),
                    failure.getMessage(), null, null);
        }
        if (match == null) {
            return respondError(request, requestId, 404, "UnknownOperationException", "No AWS IoT operation "
                    + "matches " + request.method() + " " + request.path(), null, null);
        }
        String operation = match.route().operation();
        if (caller.temporary()) {
            return respondError(request, requestId, 403, IotErrorType.ACCESS_DENIED.wireName(), "User: "
                    + "arn:aws:sts::" + state.account().accountId() + ":assumed-role/" + roleName(caller.roleArn())
                    + "/" + caller.sessionName() + " is not authorized to perform: iot:" + operation
                    + " (the emulator's control plane accepts only the account's access key)", null, null);
        }
        JsonNode result;
        try {
            ApiRequest apiRequest = new ApiRequest(operation, match.labels(), query(request.query()),
                    headers(request.headers()), json(body));
            result = match.route().handler().apply(apiRequest);
        } catch (IotServiceException e) {
            LOG.debugf("operation=%s error=%s requestId=%s", operation, e.type().wireName(), requestId);
            return respondError(request, requestId, e.type().status(), e.type().wireName(), e.getMessage(),
                    e.resourceId(), e.resourceArn());
        } catch (RuntimeException e) {
            LOG.errorf(e, "operation failed operation=%s requestId=%s", operation, requestId);
            return respondError(request, requestId, 500, IotErrorType.INTERNAL_FAILURE.wireName(),
                    "Internal failure of the emulator; see its log for requestId " + requestId, null, null);
        }
        LOG.debugf("operation=%s status=200 requestId=%s", operation, requestId);
        if (!match.route().mutating()) {
            AwsJsonResponses.ok(request.response(), requestId, result);
            return Future.succeededFuture(Outcome.OK);
        }
        return Future.fromCompletionStage(state.flush()).transform(flushed -> {
            if (flushed.failed()) {
                return respondError(request, requestId, 500, IotErrorType.INTERNAL_FAILURE.wireName(),
                        "The change was made but could not be written to the data directory; see the emulator "
                                + "log for requestId " + requestId,
                        null, null);
            }
            AwsJsonResponses.ok(request.response(), requestId, result);
            return Future.succeededFuture(Outcome.OK);
        });
    }

    private static Future<Outcome> respondError(HttpServerRequest request, String requestId, int status,
            String type, String message, String resourceId, String resourceArn) {
        AwsJsonResponses.error(request.response(), requestId, status, type, message, resourceId, resourceArn);
        return Future.succeededFuture(Outcome.ofStatus(status));
    }

    private static String roleName(String roleArn) {
        return roleArn == null ? "" : roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }

    private static String signatureType(SignatureFailure failure) {
        return switch (failure.kind()) {
            case MISSING_AUTHENTICATION -> "MissingAuthenticationTokenException";
            case INCOMPLETE_SIGNATURE -> "IncompleteSignatureException";
            case UNKNOWN_ACCESS_KEY, INVALID_SESSION_TOKEN -> IotErrorType.UNRECOGNIZED_CLIENT.wireName();
            case EXPIRED_TOKEN -> "ExpiredTokenException";
            case SIGNATURE_MISMATCH, SIGNATURE_EXPIRED, WRONG_SCOPE -> IotErrorType.INVALID_SIGNATURE.wireName();
        };
    }

    /**
     * The request headers as the client signed them. Over HTTP/2 (h2c) the host travels as {@code :authority},
     * which the client signed as {@code host}.
     */
    public static Map<String, List<String>> signedHeaders(HttpServerRequest request) {
        Map<String, List<String>> headers = headers(request.headers());
        if (!headers.containsKey("host") && request.host() != null) {
            headers.put("host", List.of(request.host()));
        }
        return headers;
    }

    static Map<String, List<String>> headers(MultiMap headers) {
        Map<String, List<String>> map = new java.util.TreeMap<>();
        for (String name : headers.names()) {
            map.put(name.toLowerCase(java.util.Locale.ROOT), headers.getAll(name));
        }
        return map;
    }

    private static Map<String, List<String>> query(String rawQuery) {
        try {
            return PercentDecoding.query(rawQuery);
        } catch (IllegalArgumentException e) {
            throw IotServiceException.invalid("The query string is not correctly percent-encoded");
        }
    }

    private static JsonNode json(Buffer body) {
        if (body.length() == 0) {
            return ApiRequest.emptyBody();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body.getBytes());
        } catch (IOException e) {
            throw IotServiceException.invalid("The request body is not valid JSON");
        }
        if (node == null || node.isMissingNode()) {
            return ApiRequest.emptyBody();
        }
        if (!node.isObject()) {
            throw IotServiceException.invalid("The request body must be a JSON object");
        }
        return node;
    }
}
