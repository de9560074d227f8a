package io.jitp.emulator;

import io.jitp.emulator.controlplane.AwsJsonResponses;
import io.jitp.emulator.controlplane.ControlPlane;
import io.jitp.emulator.fault.FaultAdmin;
import io.jitp.emulator.state.IotErrorType;
import io.jitp.emulator.sts.StsService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The API port: dispatches to the admin endpoint ({@code /_emulator/…}), STS (the query protocol at
 * {@code /}) or the IoT control plane (everything else), after reading the body within a size limit.
 */
final class ApiServer {

    /** Bodies above this size are refused (the largest legal body, a policy document, is about 405 KB). */
    static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

    private final ControlPlane controlPlane;
    private final StsService sts;
    private final FaultAdmin admin;

    ApiServer(ControlPlane controlPlane, StsService sts, FaultAdmin admin) {
        this.controlPlane = controlPlane;
        this.sts = sts;
        this.admin = admin;
    }

    void handle(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null && tooLarge(length)) {
            AwsJsonResponses.error(request.response().putHeader("Connection", "close"),
                    java.util.UUID.randomUUID().toString(), IotErrorType.PAYLOAD_TOO_LARGE.status(),
                    IotErrorType.PAYLOAD_TOO_LARGE.wireName(), "The request body is larger than " + MAX_BODY_BYTES
                            + " bytes",
                    null, null);
            return;
        }
        request.body().onSuccess(body -> dispatch(request, body)).onFailure(e -> request.connection().close());
    }

    private static boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void dispatch(HttpServerRequest request, Buffer body) {
        if (body.length() > MAX_BODY_BYTES) {
            AwsJsonResponses.error(request.response(), java.util.UUID.randomUUID().toString(),
                    IotErrorType.PAYLOAD_TOO_LARGE.status(), IotErrorType.PAYLOAD_TOO_LARGE.wireName(),
                    "The request body is larger than " + MAX_BODY_BYTES + " bytes", null, null);
            return;
        }
        String path = request.path();
        if (path.startsWith(FaultAdmin.PREFIX)) {
            admin.handle(request, body);
        } else if (StsService.accepts(request)) {
            sts.handle(request, body);
        } else {
            controlPlane.handle(request, body);
        }
    }
}
