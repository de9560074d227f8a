package io.jitp.deploy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Secrets a user creates before applying an overlay, as README.md's "Run on Kubernetes" table lists them:
 * {@code | `name` | `key`, `key` | overlays | … |}.
 */
final class UserSecrets {

    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*`(?<name>[a-z0-9-]+)`\\s*\\|(?<keys>[^|]+)\\|(?<overlays>[^|]+)\\|.*$", Pattern.MULTILINE);
    private static final Pattern KEY = Pattern.compile("`([A-Za-z0-9._-]+)`");

    private UserSecrets() {
    }

    /** The README's section "Run on Kubernetes" (up to the next second-level heading). */
    static String section() {
        String readme = Repository.read("README.md");
        int start = readme.indexOf("\n## Run on Kubernetes");
        if (start < 0) {
            throw new AssertionError("README.md has no section \"Run on Kubernetes\"");
        }
        int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    /** The documented {@code secret/key} pairs a user provides for an overlay. */
    static Set<String> forOverlay(String overlay) {
        Set<String> pairs = new LinkedHashSet<>();
        Matcher row = ROW.matcher(section());
        while (row.find()) {
            List<String> overlays = List.of(row.group("overlays").replace("`", "").strip().split("\\s*,\\s*"));
            if (!overlays.contains(overlay)) {
                continue;
            }
            Matcher key = KEY.matcher(row.group("keys"));
            while (key.find()) {
                pairs.add(row.group("name") + "/" + key.group(1));
            }
        }
        return pairs;
    }
}
