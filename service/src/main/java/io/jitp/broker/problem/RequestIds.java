package io.jitp.broker.problem;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every API request an id: the caller's {@code X-Request-Id} when it is a plain token, else a new UUID. It
 * is echoed in the response header and in problem documents, and it is what a 500 tells the caller to quote.
 */
public class RequestIds {

    /** Header carrying the request id. */
    public static final String HEADER = "X-Request-Id";

    static final String PROPERTY = "jitp.request-id";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @ServerRequestFilter(preMatching = true)
    void assign(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        request.setProperty(PROPERTY, given != null && SAFE.matcher(given).matches() ? given
                : UUID.randomUUID().toString());
    }

    @ServerResponseFilter
    void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(PROPERTY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }

    /** The id of the current request, or a new one when the request carried none. */
    static String of(ContainerRequestContext request) {
        Object id = request == null ? null : request.getProperty(PROPERTY);
        return id == null ? UUID.randomUUID().toString() : id.toString();
    }
}
