package io.jitp.cli.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    /** The broker's API fields and the options of the commands that set them. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("name", "--name"),
            Map.entry("keyType", "--key-type"),
            Map.entry("subject", "--subject"),
            Map.entry("validityDays", "--days"),
            Map.entry("profile", "--profile-file"),
            Map.entry("certificatePem", "--cert"),
            Map.entry("keyPem", "--key"),
            Map.entry("keyPassword", "--password-file"),
            Map.entry("mode", "--mode"),
            Map.entry("templateName", "--template"),
            Map.entry("confirm", "--confirm"),
            Map.entry("confirmDestroyKey", "--confirm-destroy-key"),
            Map.entry("roleArn", "--role-arn"),
            Map.entry("provisioningRoleArn", "--role-arn"),
            Map.entry("roleAlias", "--role-alias"),
            Map.entry("credentialDurationSeconds", "--duration"),
            Map.entry("policyName", "--policy-name"),
            Map.entry("caName", "--ca"),
            Map.entry("description", "--description"),
            Map.entry("body", "FILE"),
            Map.entry("Authorization", "--token-file/JITP_TOKEN"));

    @Override
    public Integer call() {
        try {
            run(BrokerClient.connect(broker));
        } catch (JitpException e) {
            throw inOptions(e);
        }
        return 0;
    }

    /**
     * The option of this command that sets an API field, where it differs from the usual one (a positional NAME
     * instead of {@code --name}); {@code null} for the usual one.
     */
    protected String option(String field) {
        return null;
    }

    /** A broker problem told in this command's words: the option at fault instead of the API field. */
    JitpException inOptions(JitpException failure) {
        String field = failure.field();
        if (field == null) {
            return failure;
        }
        String root = field.split("[.\\[]", 2)[0];
        String option = option(root) != null ? option(root) : OPTIONS.get(root);
        if (option == null) {
            return failure;
        }
        String named = root.equals(field) ? option : option + " (" + field + ")";
        String message = failure.getMessage();
        if (message != null && message.startsWith(field + " ")) {
            message = named + message.substring(field.length());
        }
        return new JitpException(failure.reason(), message, named, failure.fix(), failure.violations(),
                failure.getCause());
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
