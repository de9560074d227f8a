package io.jitp.broker.problem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Maps {@link JitpException} and the framework's own failures to RFC 9457 {@code application/problem+json}. The
 * detail of a problem is always the safe message; internal causes go to the log only. Anything else is a bug and
 * answers 500 with a generic message and the request id, logged at ERROR with its cause.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final Pattern SHAPE = Pattern.compile(
            "(?:from|coerce) (?:an? )?(String|Integer|Floating-point|Number|Boolean|Array|Object|Null)\\b");

    @ServerExceptionMapper
    public Response jitp(JitpException failure, ContainerRequestContext request) {
        if (failure.reason() == Reason.INTERNAL) {
            return internal(failure, request);
        }
        if (failure.getCause() != null) {
            LOG.debugf(failure.getCause(), "request refused [reason=%s, field=%s]", failure.reason().slug(),
                    failure.field());
        }
        return respond(failure.reason(), failure.getMessage(), failure.field(), failure.fix(), failure.violations(),
                request);
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
        String detail;
        String fix = "send a JSON object as documented in /q/openapi";
        if (failure instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = field(mapping.getPath());
            String at = "'" + field + "' (JSON pointer " + pointer(mapping.getPath()) + ")";
            if (failure instanceof UnrecognizedPropertyException unknown) {
                detail = "unknown field " + at;
                fix = "remove the field or correct its spelling" + known(unknown.getKnownPropertyIds());
            } else if (failure instanceof MismatchedInputException mismatch) {
                String expected = expected(mismatch.getTargetType());
                String found = found(mismatch);
                detail = "field " + at + " must be " + expected + (found == null ? "" : ", not " + found);
                fix = "send " + field + " as " + expected;
            } else {
                detail = "field " + at + " cannot be read";
            }
        } else if (failure instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && failure.getLocation() != null && !(failure instanceof JsonParseException)) {
            String found = found(mismatch);
            detail = "the request body must be " + expected(mismatch.getTargetType())
                    + (found == null ? "" : ", not " + found);
        } else {
            detail = "the request body is not valid JSON" + syntax(failure);
            fix = "correct the JSON syntax there, e.g. with a JSON linter";
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
        if (failure.getCause() instanceof JsonProcessingException json) {
            return json(json, request);
        }
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

    /** The field as the API documents it: {@code profile.keyTypes[0]}. */
    private static String field(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                field.append(field.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** The JSON type a Java target type is written as. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == String.class || type == char[].class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type.isEnum()) {
            StringBuilder values = new StringBuilder();
            for (Object constant : type.getEnumConstants()) {
                values.append(values.length() == 0 ? "" : ", ").append(constant);
            }
            return "one of " + values;
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "JSON";
        }
        return "a JSON object";
    }

    /** The JSON type that was sent instead, when the parser still knows it. */
    private static String found(MismatchedInputException failure) {
        if (!(failure.getProcessor() instanceof JsonParser parser) || parser.currentToken() == null) {
            return foundInMessage(failure.getOriginalMessage());
        }
        return switch (parser.currentToken()) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_OBJECT, FIELD_NAME -> "an object";
            case START_ARRAY -> "an array";
            default -> null;
        };
    }

    /** Jackson names the input shape in its message ("from String", "coerce Integer value"). */
    static String foundInMessage(String message) {
        if (message == null) {
            return null;
        }
        Matcher shape = SHAPE.matcher(message);
        if (!shape.find()) {
            return null;
        }
        return switch (shape.group(1)) {
            case "String" -> "a string";
            case "Integer" -> "an integer";
            case "Floating-point", "Number" -> "a number";
            case "Boolean" -> "a boolean";
            case "Array" -> "an array";
            case "Object" -> "an object";
            default -> "null";
        };
    }

    private static String known(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        List<String> names = known.stream().map(String::valueOf).sorted().toList();
        return "; the fields accepted here are " + String.join(", ", names);
    }

    /** Where the syntax breaks and what the parser expected there, without echoing more than one token. */
    private static String syntax(JsonProcessingException failure) {
        StringBuilder out = new StringBuilder();
        String what = failure.getOriginalMessage();
        if (what != null && !what.isBlank()) {
            String line = what.lines().findFirst().orElse("").strip();
            out.append(": ").append(line.length() > 160 ? line.substring(0, 160) + "…" : line);
        }
        if (failure.getLocation() != null && failure.getLocation().getLineNr() > 0) {
            out.append(" (line ").append(failure.getLocation().getLineNr()).append(", column ")
                    .append(failure.getLocation().getColumnNr()).append(')');
        }
        return out.toString();
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
