package io.jitp.emulator.signing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An incoming HTTP request as it arrived on the wire, enough to recompute its SigV4 signature.
 *
 * @param method the HTTP method
 * @param rawPath the path exactly as sent, percent-encoding included
 * @param rawQuery the query exactly as sent (without {@code ?}), or {@code null}
 * @param headers header name (any case) to values
 * @param body the request body (empty for none)
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
        byte[] body) {

    public SignedRequest {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach(
                (name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                        .addAll(values));
        headers = lower;
        body = body == null ? new byte[0] : body;
    }

    /** The first value of a header (name in any case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
