package io.jitp.emulator.fault;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The admin endpoint on the API port, under {@code /_emulator/}: read and change fault settings, read and reset
 * the request counters, and a health check. Unauthenticated (the emulator binds to loopback by default); it
 * exposes no secret.
 * <ul>
 * <li>{@code GET /_emulator/faults}: {@code {"seed":1,"controlPlane":{…},"credentials":{…},"sts":{…}}}</li>
 * <li>{@code PUT /_emulator/faults}: the same shape; surfaces present are replaced, a {@code seed}
 * restarts the generators</li>
 * <li>{@code GET /_emulator/counters}: per surface {@code total}, {@code delayed}, {@code outcomes} and
 * {@code operations} (operation to outcome to count); under {@code jitp}, how many certificates JITP provisioned
 * and how many attempts failed</li>
 * <li>{@code DELETE /_emulator/counters}: every counter back to zero</li>
 * <li>{@code GET /_emulator/health}: {@code {"status":"UP"}}</li>
 * </ul>
 */
public final class FaultAdmin {

    /** Path prefix of the admin endpoint. */
    public static final String PREFIX = "/_emulator/";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final FaultInjector injector;
    private final Map<String, LongSupplier> jitpCounters;

    /**
     * @param injector the settings and counters it exposes
     * @param jitpCounters further counters reported under {@code "jitp"}, e.g. provisioned and failed
     */
    public FaultAdmin(FaultInjector injector, Map<String, LongSupplier> jitpCounters) {
        this.injector = injector;
        this.jitpCounters = jitpCounters;
    }

    /** Serves one admin request whose body has been read. */
    public void handle(HttpServerRequest request, Buffer body) {
        String path = request.path();
        String method = request.method().name();
        HttpServerResponse response = request.response();
        switch (path) {
            case PREFIX + "health" -> respond(response, 200, JSON.createObjectNode().put("status", "UP"));
            case PREFIX + "faults" -> {
                if (method.equals("GET")) {
                    respond(response, 200, faults());
                } else if (method.equals("PUT")) {
                    updateFaults(response, body);
                } else {
                    methodNotAllowed(response, "GET, PUT");
                }
            }
            case PREFIX + "counters" -> {
                if (method.equals("GET")) {
                    respond(response, 200, counters());
                } else if (method.equals("DELETE")) {
                    injector.resetCounters();
                    respond(response, 200, counters());
                } else {
                    methodNotAllowed(response, "GET, DELETE");
                }
            }
            default -> respond(response, 404, message("No admin resource at " + path
                    + ": use /_emulator/faults, /_emulator/counters or /_emulator/health"));
        }
    }

    private ObjectNode faults() {
        ObjectNode node = JSON.createObjectNode().put("seed", injector.seed());
        for (Surface surface : Surface.values()) {
            node.set(surface.key(), JSON.valueToTree(injector.settings(surface)));
        }
        return node;
    }

    private void updateFaults(HttpServerResponse response, Buffer body) {
        JsonNode root;
        try {
            root = JSON.readTree(body.getBytes());
        } catch (IOException e) {
            respond(response, 400, message("The body is not valid JSON"));
            return;
        }
        if (root == null || !root.isObject()) {
            respond(response, 400, message("The body must be an object such as {\"credentials\":{\"throttle\":0.5}}"));
            return;
        }
        Map<Surface, FaultSettings> updates = new java.util.EnumMap<>(Surface.class);
        Long seed = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equals("seed")) {
                if (!entry.getValue().canConvertToLong()) {
                    respond(response, 400, message("seed must be an integer"));
                    return;
                }
                seed = entry.getValue().longValue();
                continue;
            }
            try {
                Surface surface = Surface.ofKey(entry.getKey());
                updates.put(surface, JSON.treeToValue(entry.getValue(), FaultSettings.class));
            } catch (IllegalArgumentException e) {
                respond(response, 400, message(e.getMessage()));
                return;
            } catch (IOException e) {
                String reason = e.getCause() instanceof IllegalArgumentException cause ? cause.getMessage()
                        : "its members are throttle, internalError, unavailable, reset, latencyProbability and "
                                + "latencyMillis";
                respond(response, 400, message("Invalid settings for " + entry.getKey() + ": " + reason));
                return;
            }
        }
        updates.forEach(injector::set);
        if (seed != null) {
            injector.reseed(seed);
        }
        respond(response, 200, faults());
    }

    private ObjectNode counters() {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode jitp = node.putObject("jitp");
        jitpCounters.forEach((name, counter) -> jitp.put(name, counter.getAsLong()));
        injector.counters().forEach((surface, operations) -> {
            ObjectNode surfaceNode = node.putObject(surface.key());
            surfaceNode.put("total", injector.total(surface, null));
            surfaceNode.put("delayed", injector.delayed(surface));
            ObjectNode outcomes = surfaceNode.putObject("outcomes");
            for (Outcome outcome : Outcome.values()) {
                long count = injector.count(surface, null, outcome);
                if (count > 0) {
                    outcomes.put(outcome.key(), count);
                }
            }
            ObjectNode byOperation = surfaceNode.putObject("operations");
            operations.forEach((operation, counts) -> {
                ObjectNode operationNode = byOperation.putObject(operation);
                counts.forEach((outcome, count) -> operationNode.put(outcome.key(), count));
            });
        });
        return node;
    }

    private static ObjectNode message(String text) {
        return JSON.createObjectNode().put("message", text);
    }

    private static void methodNotAllowed(HttpServerResponse response, String allowed) {
        response.putHeader("Allow", allowed);
        respond(response, 405, message("Method not allowed: use " + allowed));
    }

    private static void respond(HttpServerResponse response, int status, JsonNode body) {
        try {
            response.setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
