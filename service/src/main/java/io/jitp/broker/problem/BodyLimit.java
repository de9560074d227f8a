package io.jitp.broker.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.jitp.error.Reason;

/**
 * Refuses request bodies over {@value #MAX_BYTES} bytes with a 413 problem before they are read. The largest
 * legitimate body is a CA import (certificate + key, a few KiB) or a template (10,240 characters at most in AWS).
 * A body sent without {@code Content-Length} (chunked) cannot be judged before reading it, so it is refused with
 * a 411 problem; every common client sends the length of a JSON body.
 */
public class BodyLimit {

    /** Largest accepted request body. */
    public static final int MAX_BYTES = 256 * 1024;

    @ServerRequestFilter(preMatching = true, priority = 10)
    Response check(ContainerRequestContext request) {
        String encoding = request.getHeaderString("Transfer-Encoding");
        if (encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            return ProblemMapper.respond(Reason.INVALID_INPUT, 411, "a request body must come with Content-Length",
                    "Content-Length", "send the body with its length (not chunked)", null, request);
        }
        if (request.getLength() > MAX_BYTES) {
            return ProblemMapper.respond(Reason.TOO_LARGE, "the request body has " + request.getLength()
                    + " bytes; at most " + MAX_BYTES + " are accepted", null,
                    "send a smaller body (a CA or template is a few KiB)", null, request);
        }
        return null;
    }
}
