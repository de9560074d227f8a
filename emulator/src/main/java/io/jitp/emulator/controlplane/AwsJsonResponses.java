package io.jitp.emulator.controlplane;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes restJson1 answers: the body, {@code x-amzn-RequestId}, and for errors {@code x-amzn-ErrorType}. */
public final class AwsJsonResponses {

    private AwsJsonResponses() {
    }

    /** A 200 with a JSON body. */
    public static Future<Void> ok(HttpServerResponse response, String requestId, JsonNode body) {
        return write(response, 200, requestId, null, body);
    }

    /**
     * An error as both AWS clients read it: header {@code x-amzn-ErrorType} and body
     * {@code {"message", "__type"}} (plus {@code resourceId}/{@code resourceArn} when given).
     */
    public static Future<Void> error(HttpServerResponse response, String requestId, int status, String type,
            String message, String resourceId, String resourceArn) {
        ObjectNode body = Json.object().put("message", message).put("__type", type);
        Json.put(body, "resourceId", resourceId);
        Json.put(body, "resourceArn", resourceArn);
        return write(response, status, requestId, type, body);
    }

    private static Future<Void> write(HttpServerResponse response, int status, String requestId, String errorType,
            JsonNode body) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("x-amzn-RequestId", requestId);
        if (errorType != null) {
            response.putHeader("x-amzn-ErrorType", errorType);
        }
        return response.end(io.vertx.core.buffer.Buffer.buffer(bytes));
    }
}
