package io.jitp.broker.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.exchange.ExchangeFailure;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Maps {@link JitpException} and the framework's own failures to RFC 9457 {@code application/problem+json}. The
 * detail of a problem is always the safe message; internal causes go to the log only. Anything else is a bug and
 * answers 500 with a generic message and the request id, logged at ERROR with its cause.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response jitp(JitpException failure, ContainerRequestContext request) {
        if (failure.reason() == Reason.INTERNAL) {
            return internal(failure, request);
        }
        if (failure.getCause() != null) {
            LOG.debugf(failure.getCause(), "request refused [reason=%s, field=%s]", failure.reason().slug(),
                    failure.field());
        }
        Response problem = respond(failure.reason(), failure.getMessage(), failure.field(), failure.fix(),
                failure.violations(), request);
        if (failure.reason() == Reason.UNAUTHENTICATED) {
            return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer realm=\"jitp\"").build();
        }
        if (failure instanceof ExchangeFailure exchange && exchange.retryAfter() != null) {
            // 429 / 503 from the brokered exchange: when to come back, in whole seconds (RFC 9110).
            long seconds = Math.max(1, (exchange.retryAfter().toMillis() + 999) / 1000);
            return Response.fromResponse(problem).header("Retry-After", seconds).build();
        }
        return problem;
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException failure, ContainerRequestContext request) {
        return unauthorized(request);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException failure, ContainerRequestContext request) {
        return unauthorized(request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException failure, ContainerRequestContext request) {
        return respond(Reason.FORBIDDEN, "this API token's role may not do this", "Authorization",
                "use a token with the admin role", null, request);
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException failure, ContainerRequestContext request) {
        List<JitpException.Violation> violations = new ArrayList<>();
        for (ConstraintViolation<?> violation : failure.getConstraintViolations()) {
            violations.add(new JitpException.Violation(field(violation.getPropertyPath()), violation.getMessage(),
                    null));
        }
        String field = violations.size() == 1 ? violations.get(0).pointer() : null;
        String detail = violations.size() == 1 ? field + " " + violations.get(0).message()
                : "the request has " + violations.size() + " invalid fields";
        return respond(Reason.INVALID_INPUT, detail, field, "correct the field and send the request again",
                violations.size() == 1 ? null : violations, request);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException failure, ContainerRequestContext request) {
        String field = null;
        String detail = "the request body is not valid JSON";
        String fix = "send a JSON object as documented in /q/openapi";
        if (failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = pointer(mapping.getPath());
            if (failure instanceof UnrecognizedPropertyException) {
                detail = "unknown field " + field;
                fix = "remove the field; the accepted fields are listed in /q/openapi";
            } else if (failure instanceof InvalidFormatException) {
                detail = "field " + field + " has the wrong type or value";
            } else {
                detail = "field " + field + " cannot be read";
            }
        } else if (failure.getLocation() != null) {
            detail = "the request body is not valid JSON (line " + failure.getLocation().getLineNr() + ", column "
                    + failure.getLocation().getColumnNr() + ")";
        }
        return respond(Reason.INVALID_INPUT, detail, field, fix, null, request);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException failure, ContainerRequestContext request) {
        return json(failure, request);
    }

    @ServerExceptionMapper
    public Response unparsable(JsonParseException failure, ContainerRequestContext request) {
        return json(failure, request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException failure, ContainerRequestContext request) {
        int status = failure.getResponse().getStatus();
        if (status >= 500) {
            return internal(failure, request);
        }
        Reason reason = switch (status) {
            case 401 -> Reason.UNAUTHENTICATED;
            case 403 -> Reason.FORBIDDEN;
            case 404 -> Reason.NOT_FOUND;
            case 409 -> Reason.CONFLICT;
            case 413 -> Reason.TOO_LARGE;
            case 429 -> Reason.TOO_MANY_REQUESTS;
            default -> Reason.INVALID_INPUT;
        };
        String detail = switch (status) {
            case 404 -> "no such resource: " + request.getUriInfo().getPath();
            case 405 -> "method " + request.getMethod() + " is not allowed here";
            case 406 -> "no acceptable representation; this API answers application/json";
            case 413 -> "the request body is too large";
            case 415 -> "unsupported content type; send application/json";
            default -> "the request cannot be processed (HTTP " + status + ")";
        };
        return respond(reason, status, detail, null, status == 404 ? "check the path against /q/openapi" : null,
                null, request);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable failure, ContainerRequestContext request) {
        return internal(failure, request);
    }

    private static Response internal(Throwable failure, ContainerRequestContext request) {
        String id = RequestIds.of(request);
        // ERROR: nothing more is thrown; this line is the only trace of the failure.
        LOG.errorf(failure, "request failed [requestId=%s, method=%s, path=%s]", id,
                request == null ? "?" : request.getMethod(),
                request == null ? "?" : request.getUriInfo().getPath());
        return respond(Reason.INTERNAL, "internal error; quote request id " + id + " to the operator", null, null,
                null, request);
    }

    private static Response unauthorized(ContainerRequestContext request) {
        Response problem = respond(Reason.UNAUTHENTICATED, "a valid API token is required", "Authorization",
                "send 'Authorization: Bearer <token>' with an admin or operator token", null, request);
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer realm=\"jitp\"").build();
    }

    static Response respond(Reason reason, String detail, String field, String fix,
            List<JitpException.Violation> violations, ContainerRequestContext request) {
        return respond(reason, reason.httpStatus(), detail, field, fix, violations, request);
    }

    static Response respond(Reason reason, int status, String detail, String field, String fix,
            List<JitpException.Violation> violations, ContainerRequestContext request) {
        Problem problem = new Problem(Problem.TYPE_BASE + reason.slug(), title(reason), status, detail, field, fix,
                violations, RequestIds.of(request));
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String title(Reason reason) {
        String words = reason.slug().replace('-', ' ');
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }

    private static String field(Path path) {
        String last = null;
        for (Path.Node node : path) {
            if (node.getName() != null) {
                last = node.getName();
            }
        }
        return last == null ? path.toString() : last;
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            pointer.append('/');
            pointer.append(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
        }
        return pointer.toString();
    }
}
