package io.jitp.cli.client;

import java.nio.file.Path;

import io.jitp.error.JitpException;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How the CLI reaches the broker. Each value comes from its option, else its environment variable, else the
 * embedded default's files: the broker on {@code https://localhost:8443} with its data directory
 * {@code ~/.jitp/broker} holding the admin token ({@code admin-token}) and the CA of its HTTPS certificate
 * ({@code tls/ca.crt}). The token itself is never an option value (it would show in the process list).
 */
public class BrokerOptions {

    /** Default broker URL of the embedded default. */
    public static final String DEFAULT_URL = "https://localhost:8443";

    @Option(names = "--broker", paramLabel = "URL", description = "Broker URL (env JITP_BROKER_URL; default "
            + DEFAULT_URL + ").")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the API token (env "
            + "JITP_TOKEN holds the token itself; default <data-dir>/admin-token).")
    Path tokenFile;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM file of the CA that signed the broker's "
            + "HTTPS certificate (env JITP_BROKER_CA_FILE; default <data-dir>/tls/ca.crt when it exists, else the "
            + "system trust store).")
    Path caFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of a local broker (env "
            + "JITP_BROKER_DATA_DIR; default ~/.jitp/broker).")
    Path dataDir;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The broker URL, without a trailing slash; anything but HTTPS is a usage error. */
    public String url() {
        String value = (url != null ? url : env("JITP_BROKER_URL", DEFAULT_URL)).strip();
        if (!value.regionMatches(true, 0, "https://", 0, "https://".length())) {
            String source = url != null ? "--broker" : "JITP_BROKER_URL";
            String message = source + " " + value + ": the broker speaks HTTPS only; give an https:// URL, e.g. "
                    + value.replaceFirst("(?i)^[a-z]+://", "https://") + ", and trust its certificate with --ca-file "
                    + "(a copy of <data-dir>/tls/ca.crt from the broker's machine, or your own CA)";
            if (command != null) {
                throw new CommandLine.ParameterException(command.commandLine(), message);
            }
            throw JitpException.invalid(source, message, "use https://");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    /** The data directory of a local broker. */
    public Path dataDir() {
        if (dataDir != null) {
            return dataDir;
        }
        String fromEnv = System.getenv("JITP_BROKER_DATA_DIR");
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv)
                : Path.of(System.getProperty("user.home"), ".jitp", "broker");
    }

    /** The token file given, or {@code null}. */
    public Path tokenFile() {
        return tokenFile;
    }

    /** The CA file given, or {@code null}. */
    public Path caFile() {
        if (caFile != null) {
            return caFile;
        }
        String fromEnv = System.getenv("JITP_BROKER_CA_FILE");
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : null;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
