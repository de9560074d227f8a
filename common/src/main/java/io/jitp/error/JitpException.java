package io.jitp.error;

import java.util.List;
import java.util.Objects;

/**
 * The one exception type of jitp. Its message is safe to show to a caller: it never holds a private key, a
 * token, a password or a secret key, and never an internal stack trace. The internal cause, when there is
 * one, is kept as {@link #getCause()} for the logs only.
 */
public class JitpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final String field;
    private final String fix;
    private final List<Violation> violations;

    /**
     * @param reason why the operation failed
     * @param message what went wrong, safe for the caller
     * @param field the input field at fault (a name or a JSON pointer), or {@code null}
     * @param fix how to fix it, or {@code null}
     * @param violations every problem found, when a validation reports several at once
     * @param cause internal cause for the logs, or {@code null}
     */
    public JitpException(Reason reason, String message, String field, String fix, List<Violation> violations,
            Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.field = field;
        this.fix = fix;
        this.violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /** Invalid input in a named field, with a hint on how to fix it. */
    public static JitpException invalid(String field, String message, String fix) {
        return new JitpException(Reason.INVALID_INPUT, message, field, fix, null, null);
    }

    /** Invalid input, keeping the parser's exception as the internal cause. */
    public static JitpException invalid(String field, String message, String fix, Throwable cause) {
        return new JitpException(Reason.INVALID_INPUT, message, field, fix, null, cause);
    }

    /** Several validation problems found at once. */
    public static JitpException invalid(String message, List<Violation> violations) {
        return new JitpException(Reason.INVALID_INPUT, message, null, null, violations, null);
    }

    /** Valid input refused by a rule; the message names the rule. */
    public static JitpException forbidden(String field, String message, String fix) {
        return new JitpException(Reason.FORBIDDEN, message, field, fix, null, null);
    }

    /** The named resource does not exist. */
    public static JitpException notFound(String what, String id) {
        return new JitpException(Reason.NOT_FOUND, what + " '" + id + "' does not exist", null, null, null, null);
    }

    /** The request conflicts with the current state. */
    public static JitpException conflict(String message, String fix) {
        return new JitpException(Reason.CONFLICT, message, null, fix, null, null);
    }

    /**
     * The same failure attributed to another field, e.g. the command-line option or JSON pointer through which
     * the caller gave the input a library only knows by its logical name.
     */
    public JitpException withField(String newField) {
        JitpException moved = new JitpException(reason, getMessage(), newField, fix, violations, getCause());
        moved.setStackTrace(getStackTrace());
        return moved;
    }

    /** Why the operation failed. */
    public Reason reason() {
        return reason;
    }

    /** The input field at fault, or {@code null}. */
    public String field() {
        return field;
    }

    /** How to fix it, or {@code null}. */
    public String fix() {
        return fix;
    }

    /** Every problem found, empty when the exception describes a single one. */
    public List<Violation> violations() {
        return violations;
    }

    /**
     * One problem among several.
     *
     * @param pointer where it is: a JSON pointer or a field name
     * @param message what is wrong
     * @param fix how to fix it
     */
    public record Violation(String pointer, String message, String fix) {
    }
}
