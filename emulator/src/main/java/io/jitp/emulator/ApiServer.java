package io.jitp.emulator;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

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
    /** An IMF-fixdate (RFC 9110), e.g. {@code Thu, 03 Dec 2026 17:20:00 GMT}. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US);

    private final ControlPlane controlPlane;
    private final StsService sts;
    private final FaultAdmin admin;
    private final Clock clock;

    ApiServer(ControlPlane controlPlane, StsService sts, FaultAdmin admin, Clock clock) {
        this.controlPlane = controlPlane;
        this.sts = sts;
        this.admin = admin;
        this.clock = clock;
    }

    void handle(HttpServerRequest request) {
        // AWS answers every request with the service's time; clients measure their clock skew with it.
        request.response().putHeader("Date", HTTP_DATE.format(clock.instant().atZone(ZoneOffset.UTC)));
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
