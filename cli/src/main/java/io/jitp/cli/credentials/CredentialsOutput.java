package io.jitp.cli.credentials;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.exchange.Attempt;
import io.jitp.exchange.ExchangeFailure;
import io.jitp.exchange.ExchangeResult;
import io.jitp.exchange.TemporaryCredentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How credentials are printed, and the exit codes of the credentials commands. */
final class CredentialsOutput {

    /** Exit code: credentials printed. */
    static final int OK = 0;
    /** Exit code: refused or misconfigured; running again will not help until something is fixed. */
    static final int REFUSED = 1;
    /** Exit code: usage error. */
    static final int USAGE = 2;
    /** Exit code: the endpoint was unavailable or throttling through the whole retry budget; try again later. */
    static final int UNAVAILABLE = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Output formats. */
    enum Format {
        /** The AWS credential_process JSON (Version 1). */
        process,
        /** Shell export lines. */
        env,
        /** jitp's JSON with the source and the attempts. */
        json
    }

    private CredentialsOutput() {
    }

    static void print(PrintWriter out, Format format, ExchangeResult result) {
        TemporaryCredentials credentials = result.credentials();
        switch (format) {
            case process -> {
                Map<String, Object> process = new LinkedHashMap<>();
                process.put("Version", 1);
                process.put("AccessKeyId", credentials.accessKeyId());
                process.put("SecretAccessKey", credentials.secretAccessKey());
                process.put("SessionToken", credentials.sessionToken());
                process.put("Expiration", credentials.expiration().toString());
                out.println(json(process));
            }
            case env -> {
                out.println("export AWS_ACCESS_KEY_ID=" + quote(credentials.accessKeyId()));
                out.println("export AWS_SECRET_ACCESS_KEY=" + quote(credentials.secretAccessKey()));
                out.println("export AWS_SESSION_TOKEN=" + quote(credentials.sessionToken()));
                out.println("export AWS_CREDENTIAL_EXPIRATION=" + quote(credentials.expiration().toString()));
            }
            default -> {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("accessKeyId", credentials.accessKeyId());
                document.put("secretAccessKey", credentials.secretAccessKey());
                document.put("sessionToken", credentials.sessionToken());
                document.put("expiration", credentials.expiration().toString());
                document.put("source", result.source().name().toLowerCase(java.util.Locale.ROOT));
                document.put("tookMillis", result.took().toMillis());
                document.put("attempts", attempts(result.attempts()));
                out.println(json(document));
            }
        }
        out.flush();
    }

    /** The attempts, one line each, for {@code --verbose}. */
    static void describe(PrintWriter err, List<Attempt> attempts) {
        attempts.forEach(attempt -> err.println("jitp: " + attempt.describe()));
        err.flush();
    }

    /** Prints the one-line failure and returns the exit code. */
    static int fail(PrintWriter err, JitpException failure) {
        StringBuilder line = new StringBuilder("jitp: ").append(failure.getMessage());
        if (failure.field() != null || failure.fix() != null) {
            line.append(" [");
            if (failure.field() != null) {
                line.append(failure.field()).append(failure.fix() == null ? "" : ": ");
            }
            if (failure.fix() != null) {
                line.append(failure.fix());
            }
            line.append(']');
        }
        err.println(line);
        err.flush();
        boolean later = failure instanceof ExchangeFailure
                && (failure.reason() == Reason.UNAVAILABLE || failure.reason() == Reason.TOO_MANY_REQUESTS);
        return later ? UNAVAILABLE : REFUSED;
    }

    private static List<Map<String, Object>> attempts(List<Attempt> attempts) {
        return attempts.stream().map(attempt -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("number", attempt.number());
            entry.put("startedAfterMillis", attempt.startedAfter().toMillis());
            entry.put("tookMillis", attempt.took().toMillis());
            entry.put("outcome", attempt.outcome());
            entry.put("class", attempt.failureClass() == null ? null
                    : attempt.failureClass().name().toLowerCase(java.util.Locale.ROOT));
            return entry;
        }).toList();
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
