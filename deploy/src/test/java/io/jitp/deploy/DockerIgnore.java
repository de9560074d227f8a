package io.jitp.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of a {@code .dockerignore} file as Docker applies them: patterns in order, {@code !} re-includes, the
 * last pattern that matches a path or one of its parent directories decides, {@code *} stays within one path
 * segment and {@code **} crosses segments.
 */
record DockerIgnore(List<Rule> rules) {

    /** One line: the pattern as written, whether it re-includes, and its regular expression. */
    record Rule(String pattern, boolean exception, Pattern regex) {
    }

    /** Reads a .dockerignore file. */
    static DockerIgnore read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Rule> rules = new ArrayList<>();
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            boolean exception = text.startsWith("!");
            String pattern = clean(exception ? text.substring(1).strip() : text);
            rules.add(new Rule(pattern, exception, Pattern.compile(regex(pattern))));
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    /** Whether a path (relative to the build context, with {@code /}) is sent to the builder. */
    boolean included(String path) {
        String file = clean(path);
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesOrParentMatches(rule.regex(), file)) {
                excluded = !rule.exception();
            }
        }
        return !excluded;
    }

    private static boolean matchesOrParentMatches(Pattern regex, String file) {
        if (regex.matcher(file).matches()) {
            return true;
        }
        for (int slash = file.indexOf('/'); slash > 0; slash = file.indexOf('/', slash + 1)) {
            if (regex.matcher(file.substring(0, slash)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static String clean(String pattern) {
        String text = pattern.replace('\\', '/');
        while (text.startsWith("/") || text.startsWith("./")) {
            text = text.substring(text.startsWith("/") ? 1 : 2);
        }
        while (text.endsWith("/") && text.length() > 1) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }

    private static String regex(String pattern) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                boolean slashFollows = i + 2 < pattern.length() && pattern.charAt(i + 2) == '/';
                out.append(slashFollows ? "(.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            } else if (c == '*') {
                out.append("[^/]*");
            } else if (c == '?') {
                out.append("[^/]");
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
