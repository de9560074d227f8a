package io.jitp.cli.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Human output: aligned tables of JSON fields and key/value listings. */
public final class Tables {

    private Tables() {
    }

    /**
     * Prints one row per element of {@code rows} with the given columns; a column is {@code header=json.path}
     * (dots go into nested objects).
     */
    public static void print(PrintWriter out, JsonNode rows, String... columns) {
        List<String[]> lines = new ArrayList<>();
        String[] headers = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            headers[i] = columns[i].split("=", 2)[0];
        }
        lines.add(headers);
        for (JsonNode row : rows) {
            String[] cells = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                cells[i] = value(row, columns[i].split("=", 2)[1]);
            }
            lines.add(cells);
        }
        int[] widths = new int[columns.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : String.format("%-" + widths[i] + "s  ", line[i]));
            }
            out.println(text.toString().stripTrailing());
        }
        out.flush();
    }

    /** Prints {@code label: value} lines for the given fields ({@code label=json.path}), skipping absent ones. */
    public static void details(PrintWriter out, JsonNode object, String... fields) {
        int width = 0;
        for (String field : fields) {
            width = Math.max(width, field.split("=", 2)[0].length());
        }
        for (String field : fields) {
            String[] parts = field.split("=", 2);
            String value = value(object, parts[1]);
            if (!value.isEmpty()) {
                out.println(String.format("%-" + (width + 1) + "s %s", parts[0] + ":", value));
            }
        }
        out.flush();
    }

    /** The text of a dotted path in a JSON object, empty when absent. */
    public static String value(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            current = current == null ? null : current.get(part);
        }
        if (current == null || current.isNull() || (current.isContainerNode() && current.isEmpty())) {
            return "";
        }
        if (current.isArray()) {
            List<String> items = new ArrayList<>();
            current.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
            return String.join(",", items);
        }
        return current.isValueNode() ? current.asText() : current.toString();
    }
}
