package io.jitp.emulator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.jitp.emulator.credentials.CredentialsService.FirstContact;
import io.jitp.emulator.fault.FaultSettings;
import io.jitp.emulator.fault.Surface;
import io.jitp.emulator.state.AccessKey;
import io.jitp.error.JitpException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitp-emulator}: runs the emulator in the foreground until interrupted. */
@Command(name = "jitp-emulator", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = EmulatorMain.Version.class,
        description = {"A local AWS IoT Core: the control plane (restJson1, SigV4), the credentials provider with "
                + "just-in-time provisioning, a minimal STS and fault injection.",
                "On start it writes endpoints.json (API URL, credentials host:port, trust bundle, region, account, "
                        + "access key pair) into the data directory and logs where it is."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped normally", "1:could not start (port in use, data directory locked or unreadable)",
                "2:usage error"},
        footer = {"", "Environment: JITP_EMULATOR_SECRET_ACCESS_KEY sets the account's secret key (with "
                + "--access-key-id)."})
public final class EmulatorMain implements Callable<Integer> {

    @Option(names = "--api-port", paramLabel = "N", description = "Control-plane and STS port; 0 picks a free one "
            + "(default: ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--credentials-port", paramLabel = "N", description = "Credentials provider port (HTTPS); 0 picks "
            + "a free one (default: ${DEFAULT-VALUE}).")
    int credentialsPort;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--public-host", paramLabel = "NAME", description = "Name clients use to reach the emulator "
            + "(e.g. a Kubernetes Service), advertised in endpoints.json and DescribeEndpoint and put into the "
            + "credentials endpoint's certificate (default: the bind address; 127.0.0.1 for 0.0.0.0).")
    String publicHost;

    @Option(names = "--data-dir", paramLabel = "D", description = "Keep state, TLS material and endpoints.json here "
            + "across restarts (default: in memory, files in a temporary directory).")
    Path dataDir;

    @Option(names = "--region", paramLabel = "R", description = "Emulated region (default: ${DEFAULT-VALUE}).")
    String region = "us-east-1";

    @Option(names = "--account-id", paramLabel = "ID", description = "Emulated account (default: ${DEFAULT-VALUE}).")
    String accountId = "123456789012";

    @Option(names = "--access-key-id", paramLabel = "AKID", description = "The account's access key id (needs "
            + "JITP_EMULATOR_SECRET_ACCESS_KEY); default: the one in the data directory, or a new one.")
    String accessKeyId;

    @Option(names = "--provisioning-delay", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long JITP takes after a certificate's first contact: 2s, 500ms, PT1M, 0 "
                    + "(default: 2s).")
    Duration provisioningDelay = Duration.ofSeconds(2);

    @Option(names = "--first-contact", paramLabel = "close|forbidden", description = "How a request from a "
            + "certificate still PENDING_ACTIVATION fails: close the connection, or answer 403 (default: close).")
    String firstContact = "close";

    @Option(names = "--fault-seed", paramLabel = "N", description = "Seed of the fault decisions "
            + "(default: ${DEFAULT-VALUE}).")
    long faultSeed = 1;

    @Option(names = "--fault", paramLabel = "SURFACE.SETTING=VALUE", description = {"Fault injection, repeatable: "
            + "SURFACE is controlPlane, credentials or sts; SETTING is throttle, internalError, unavailable, reset, "
            + "latencyProbability (probabilities) or latencyMillis.",
            "Example: --fault credentials.throttle=0.2 --fault controlPlane.latencyMillis=50 "
                    + "--fault controlPlane.latencyProbability=1"})
    List<String> faults = new ArrayList<>();

    /** Runs the emulator; the exit code follows the command's help. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine commandLine = new CommandLine(new EmulatorMain());
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            PrintWriter err = cl.getErr();
            if (e instanceof JitpException jitp) {
                err.println("jitp-emulator: " + jitp.getMessage()
                        + (jitp.field() != null ? " (" + jitp.field() + ": " + jitp.fix() + ")" : ""));
            } else {
                err.println("jitp-emulator: " + e.getMessage());
            }
            return 1;
        });
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("jitp-emulator: " + e.getMessage() + " (see --help)");
            return 2;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        EmulatorConfig config = config();
        CountDownLatch stopped = new CountDownLatch(1);
        Emulator emulator = Emulator.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "jitp-emulator-shutdown"));
        System.out.println("jitp-emulator ready: " + emulator.endpoints().apiEndpoint() + " (endpoints in "
                + emulator.directory().resolve(Emulator.ENDPOINTS_FILE) + ")");
        stopped.await();
        return 0;
    }

    EmulatorConfig config() {
        EmulatorConfig.Builder builder = EmulatorConfig.builder()
                .host(host)
                .publicHost(publicHost)
                .apiPort(apiPort)
                .credentialsPort(credentialsPort)
                .dataDir(dataDir)
                .region(region)
                .accountId(accountId)
                .provisioningDelay(provisioningDelay)
                .faultSeed(faultSeed);
        switch (firstContact.toLowerCase(Locale.ROOT)) {
            case "close" -> builder.firstContact(FirstContact.CLOSE);
            case "forbidden" -> builder.firstContact(FirstContact.FORBIDDEN);
            default -> throw usage("--first-contact must be close or forbidden, not '" + firstContact + "'");
        }
        if (accessKeyId != null) {
            String secret = System.getenv("JITP_EMULATOR_SECRET_ACCESS_KEY");
            if (secret == null || secret.isBlank()) {
                throw usage("--access-key-id needs the secret in the environment variable "
                        + "JITP_EMULATOR_SECRET_ACCESS_KEY");
            }
            builder.accessKey(new AccessKey(accessKeyId, secret));
        }
        Map<Surface, FaultSettings> settings = new EnumMap<>(Surface.class);
        for (String fault : faults) {
            applyFault(settings, fault);
        }
        settings.forEach(builder::faults);
        try {
            return builder.build();
        } catch (JitpException e) {
            throw usage(e.getMessage() + " (" + e.fix() + ")");
        }
    }

    private static void applyFault(Map<Surface, FaultSettings> settings, String fault) {
        int dot = fault.indexOf('.');
        int equals = fault.indexOf('=');
        if (dot < 0 || equals < dot) {
            throw usage("--fault '" + fault + "' must look like credentials.throttle=0.2");
        }
        Surface surface;
        try {
            surface = Surface.ofKey(fault.substring(0, dot));
        } catch (IllegalArgumentException e) {
            throw usage("--fault '" + fault + "': " + e.getMessage());
        }
        String setting = fault.substring(dot + 1, equals);
        String value = fault.substring(equals + 1);
        FaultSettings current = settings.getOrDefault(surface, FaultSettings.NONE);
        try {
            FaultSettings next = switch (setting) {
                case "throttle" -> current.withThrottle(Double.parseDouble(value));
                case "internalError" -> current.withInternalError(Double.parseDouble(value));
                case "unavailable" -> current.withUnavailable(Double.parseDouble(value));
                case "reset" -> current.withReset(Double.parseDouble(value));
                case "latencyProbability" -> current.withLatency(Double.parseDouble(value), current.latencyMillis());
                case "latencyMillis" -> current.withLatency(current.latencyProbability(), Long.parseLong(value));
                default -> throw usage("--fault '" + fault + "': the setting must be throttle, internalError, "
                        + "unavailable, reset, latencyProbability or latencyMillis");
            };
            settings.put(surface, next);
        } catch (NumberFormatException e) {
            throw usage("--fault '" + fault + "': '" + value + "' is not a number");
        } catch (IllegalArgumentException e) {
            throw usage("--fault '" + fault + "': " + e.getMessage());
        }
    }

    private static CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(new CommandLine(new EmulatorMain()), message);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = EmulatorMain.class.getPackage().getImplementationVersion();
            return new String[]{"jitp-emulator " + (version == null ? "(development build)" : version)};
        }
    }

    /** Parses 2s, 500ms, 1m, 0 or an ISO-8601 duration (PT2S). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (text.startsWith("pt") || text.startsWith("p")) {
                    return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
                }
                if (text.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                }
                if (text.endsWith("s")) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1))
                            * 1000));
                }
                if (text.endsWith("m")) {
                    return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)) * 60);
                }
                if (text.equals("0")) {
                    return Duration.ZERO;
                }
            } catch (NumberFormatException | DateTimeParseException ignored) {
                // fall through to the usage message
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: use 2s, 500ms, 1m, 0 "
                    + "or PT2S");
        }
    }
}
