package io.jitp.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Dockerfile parsed into instructions: continuation lines joined, comments kept apart (the {@code # image:} line
 * names the image the file builds).
 */
record Dockerfile(Path path, List<Instruction> instructions, List<String> comments) {

    private static final Pattern IMAGE = Pattern.compile("^#\\s*image:\\s*(\\S+)\\s*$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One instruction: its keyword (upper case), flags ({@code --from=x}), arguments and first line number. */
    record Instruction(String keyword, Map<String, String> flags, String arguments, int line) {

        /** The arguments of an exec-form instruction ({@code ["a", "b"]}), or empty for the shell form. */
        Optional<List<String>> execForm() {
            String text = arguments.strip();
            if (!text.startsWith("[")) {
                return Optional.empty();
            }
            try {
                return Optional.of(JSON.readValue(text, new TypeReference<List<String>>() {
                }));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        /** The arguments split on white space. */
        List<String> words() {
            String text = arguments.strip();
            return text.isEmpty() ? List.of() : List.of(text.split("\\s+"));
        }
    }

    /** Parses a Dockerfile. */
    static Dockerfile parse(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Instruction> instructions = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = line.strip();
            if (stripped.startsWith("#")) {
                comments.add(stripped);
                continue;
            }
            if (stripped.isEmpty() && current.isEmpty()) {
                continue;
            }
            if (current.isEmpty()) {
                start = i + 1;
            }
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            current.append(stripped);
            instructions.add(instruction(current.toString(), start));
            current.setLength(0);
        }
        if (!current.isEmpty()) {
            instructions.add(instruction(current.toString(), start));
        }
        return new Dockerfile(path, List.copyOf(instructions), List.copyOf(comments));
    }

    private static Instruction instruction(String text, int line) {
        String[] parts = text.strip().split("\\s+", 2);
        String keyword = parts[0].toUpperCase(Locale.ROOT);
        String rest = parts.length > 1 ? parts[1] : "";
        Map<String, String> flags = new LinkedHashMap<>();
        while (rest.startsWith("--")) {
            String[] flagAndRest = rest.split("\\s+", 2);
            String flag = flagAndRest[0].substring(2);
            int equals = flag.indexOf('=');
            flags.put(equals < 0 ? flag : flag.substring(0, equals), equals < 0 ? "" : flag.substring(equals + 1));
            rest = flagAndRest.length > 1 ? flagAndRest[1] : "";
        }
        return new Instruction(keyword, Map.copyOf(flags), rest, line);
    }

    /** The file name. */
    String name() {
        return path.getFileName().toString();
    }

    /** The instructions with this keyword. */
    List<Instruction> all(String keyword) {
        return instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
    }

    /** The last instruction with this keyword. */
    Optional<Instruction> last(String keyword) {
        List<Instruction> found = all(keyword);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }

    /** The image this file builds, from its {@code # image: NAME} comment. */
    Optional<String> image() {
        return comments.stream().map(IMAGE::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst();
    }

    /** The defaults of the ARG instructions. */
    Map<String, String> argDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Instruction arg : all("ARG")) {
            String text = arg.arguments().strip();
            int equals = text.indexOf('=');
            if (equals > 0) {
                defaults.put(text.substring(0, equals), text.substring(equals + 1));
            }
        }
        return defaults;
    }

    /** A text with {@code ${ARG}} references replaced by the ARG defaults. */
    String expand(String text) {
        Map<String, String> defaults = argDefaults();
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = defaults.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The names (and values) an ENV instruction sets, in either form ({@code K=V K2=V2} or {@code K V}). */
    static Map<String, String> envVariables(Instruction env) {
        Map<String, String> variables = new LinkedHashMap<>();
        String text = env.arguments().strip();
        if (!text.contains("=") || text.indexOf(' ') >= 0 && text.indexOf(' ') < text.indexOf('=')) {
            String[] parts = text.split("\\s+", 2);
            variables.put(parts[0], parts.length > 1 ? parts[1] : "");
            return variables;
        }
        Matcher matcher = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S*)").matcher(text);
        while (matcher.find()) {
            variables.put(matcher.group(1), matcher.group(2).replaceAll("^[\"']|[\"']$", ""));
        }
        return variables;
    }
}
