package io.jitp.broker.problem;

import java.util.List;

import io.jitp.error.JitpException;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document, as the broker sends it with {@code application/problem+json}.
 *
 * @param type {@code https://jitp.io/problems/<slug>}
 * @param title the reason in words
 * @param status the HTTP status
 * @param detail what went wrong, safe to show
 * @param field the input field at fault
 * @param fix how to fix it
 * @param violations every problem, when several were found at once
 * @param requestId the id of the request, as logged
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String field, String fix,
        List<JitpException.Violation> violations, String requestId) {

    /** Base of every problem type URI. */
    public static final String TYPE_BASE = "https://jitp.io/problems/";

    /** The media type of problem documents. */
    public static final String MEDIA_TYPE = "application/problem+json";
}
