package io.jitp.emulator.controlplane;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.jitp.emulator.signing.PercentDecoding;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One control-plane operation: method, path template and implementation. Matching splits the raw path on
 * {@code /} first and percent-decodes each label afterwards, so a label may contain an encoded {@code /}.
 *
 * @param method the HTTP method
 * @param segments the path template split on {@code /}; {@code {name}} segments are labels
 * @param operation the operation name
 * @param mutating whether the operation changes state (its answer waits for the snapshot)
 * @param handler the implementation
 */
record Route(String method, List<String> segments, String operation, boolean mutating,
        Function<ApiRequest, JsonNode> handler) {

    static Route of(String method, String template, String operation, boolean mutating,
            Function<ApiRequest, JsonNode> handler) {
        return new Route(method, List.of(template.substring(1).split("/", -1)), operation, mutating, handler);
    }

    /** The decoded labels when this route matches the raw path segments, else {@code null}. */
    Map<String, String> match(List<String> rawSegments) {
        if (rawSegments.size() != segments.size()) {
            return null;
        }
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String template = segments.get(i);
            String raw = rawSegments.get(i);
            if (template.startsWith("{")) {
                if (raw.isEmpty()) {
                    return null;
                }
                labels.put(template.substring(1, template.length() - 1), PercentDecoding.decode(raw));
            } else if (!template.equals(raw)) {
                return null;
            }
        }
        return labels;
    }
}
