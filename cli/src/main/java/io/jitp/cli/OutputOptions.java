package io.jitp.cli;

import java.io.PrintWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Option;

/** The {@code -o/--output} option shared by commands that print results: human text or JSON for machines. */
public class OutputOptions {

    /** Output formats. */
    public enum Format {
        /** Human-readable text and tables. */
        text,
        /** One JSON document. */
        json
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    /** Whether machine output was asked for. */
    public boolean json() {
        return format == Format.json;
    }

    /** Writes a value as one indented JSON document. */
    public static void printJson(PrintWriter out, Object value) {
        try {
            out.println(Json.MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON output", e);
        }
    }

    /** The shared JSON mapper of the CLI. */
    public static ObjectMapper mapper() {
        return Json.MAPPER;
    }

    /** Created on first use: Jackson costs a few hundred classes at start-up, which --help and --version skip. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
