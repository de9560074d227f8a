package io.jitp.cli.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.jitp.cli.OutputOptions;
import io.jitp.error.JitpException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of the commands that talk to the broker: connection options, output format, JSON helpers. */
public abstract class BrokerCommand implements Callable<Integer> {

    @Mixin
    protected BrokerOptions broker;

    @Mixin
    protected OutputOptions output;

    @Spec
    protected CommandSpec spec;

    @Override
    public Integer call() {
        run(BrokerClient.connect(broker));
        return 0;
    }

    /** Does the command's work. */
    protected abstract void run(BrokerClient client);

    /** Standard output. */
    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A new JSON object for a request body. */
    protected static ObjectNode body() {
        return OutputOptions.mapper().createObjectNode();
    }

    /** Prints the JSON when {@code -o json}, else runs the human printer. */
    protected void print(JsonNode result, Runnable human) {
        if (output.json()) {
            OutputOptions.printJson(out(), result);
        } else {
            human.run();
        }
    }

    /** A path segment, encoded. */
    protected static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The text of a file given by an option. */
    protected static String readFile(Path file, String option) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw JitpException.invalid(option, "cannot read " + file, "give a readable file");
        }
    }

    /** The JSON of a file given by an option. */
    protected static JsonNode readJson(Path file, String option) {
        try {
            return OutputOptions.mapper().readTree(readFile(file, option));
        } catch (IOException e) {
            throw JitpException.invalid(option, file + " is not valid JSON", "give a JSON file");
        }
    }
}
