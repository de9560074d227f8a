package io.jitp.cli.quickstart;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

import io.jitp.cli.OutputOptions;
import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerOptions;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.jitp.exchange.Attempt;
import io.jitp.exchange.CredentialsExchange;
import io.jitp.exchange.DeviceConfig;
import io.jitp.exchange.ExchangeFailure;
import io.jitp.exchange.ExchangePolicy;
import io.jitp.exchange.ExchangeResult;
import io.jitp.exchange.TemporaryCredentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jitp quickstart}: the whole JITP journey on the embedded default, step by step, safe to repeat.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Set up a CA, a JITP template and a fleet, enroll a device and get its AWS credentials.",
        description = {"Runs against the broker at --broker (default https://localhost:8443); when none answers on "
                + "this machine it starts bin/jitp-broker on the embedded default (data in ~/.jitp/broker, the AWS "
                + "IoT emulator in-process) and leaves it running. Then: creates the CA 'quickstart', ensures the "
                + "fleet 'quickstart' (role alias and device policy), puts the JITP template 'quickstart-jitp', "
                + "registers the CA with AWS IoT with that template, mints a one-time token, enrolls a device "
                + "(key made locally), exchanges its certificate for AWS credentials — the first call is refused "
                + "while JITP provisions the device and is retried invisibly — and proves the credentials with STS "
                + "GetCallerIdentity. Running it again reuses what exists."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {" 0:the device holds working AWS credentials",
                " 1:a step failed (the message names it and what to fix)",
                " 2:usage error: unknown option, missing or malformed argument"})
public class QuickstartCommand implements Callable<Integer> {

    static final String NAME = "quickstart";
    static final String TEMPLATE = "quickstart-jitp";
    private static final int STEPS = 8;

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the device's files go (default: "
            + "~/.jitp/quickstart/<thing>).")
    Path dir;

    @Option(names = "--thing", paramLabel = "NAME", defaultValue = "quickstart-device-1",
            description = "Thing name of the device (default: ${DEFAULT-VALUE}).")
    String thing;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long to wait for a broker this command starts (default: ${DEFAULT-VALUE}).")
    int startTimeout;

    private Progress progress;

    @Override
    public Integer call() {
        progress = new Progress(spec.commandLine().getOut(), STEPS);
        PrintWriter out = spec.commandLine().getOut();
        out.println("jitp quickstart: a private CA, a JITP template and a device with AWS credentials");
        out.println();
        try {
            run(out);
            return 0;
        } catch (ExchangeFailure failure) {
            progress.fail();
            for (Attempt attempt : failure.attempts()) {
                spec.commandLine().getErr().println("  " + attempt.describe());
            }
            throw failure;
        } catch (JitpException failure) {
            progress.fail();
            throw failure;
        }
    }

    private void run(PrintWriter out) {
        Path deviceDir = dir != null ? dir
                : Path.of(System.getProperty("user.home"), ".jitp", NAME).resolve(thing);

        progress.start("broker");
        LocalBroker.Status status = LocalBroker.ensure(broker.url(), broker.dataDir(),
                Duration.ofSeconds(startTimeout));
        progress.done(status.started()
                ? "started " + broker.url() + " on the embedded default (pid " + status.pid() + ", log " + status.log()
                        + ")"
                : "using the broker at " + broker.url());
        BrokerClient client = BrokerClient.connect(broker);
        EmulatorEndpoints emulator = EmulatorEndpoints.read(broker.dataDir());

        progress.start("CA");
        JsonNode ca = ensureCa(client);
        progress.done(ca.path("name").asText() + " (" + ca.path("keyType").asText() + ", " + ca.path("subject")
                .asText() + ")");

        progress.start("fleet");
        String roleArn = "arn:aws:iam::" + emulator.accountId() + ":role/jitp-quickstart-devices";
        JsonNode fleet = client.put("/v1/fleets/" + NAME, body().put("roleArn", roleArn).put("caName", NAME));
        progress.done("role alias " + fleet.path("roleAlias").asText() + ", device policy "
                + fleet.path("policyName").asText() + " (" + fleet.path("changed").asText() + ")");

        progress.start("template");
        client.put("/v1/templates/" + TEMPLATE, body().put("provisioningRoleArn", roleArn)
                .put("description", "jitp quickstart: thing named by the certificate's CN, fleet device policy")
                .set("body", template(fleet.path("policyName").asText())));
        progress.done(TEMPLATE + " (JITP: thing = certificate CN, policy " + fleet.path("policyName").asText() + ")");

        progress.start("register CA");
        JsonNode registered = client.post("/v1/cas/" + NAME + "/registration", body().put("mode", "DEFAULT")
                .put("setAsActive", true).put("autoRegistration", true).put("templateName", TEMPLATE));
        client.put("/v1/fleets/" + NAME, body().put("roleArn", roleArn).put("caName", NAME)
                .put("templateName", TEMPLATE));
        JsonNode registration = registered.path("registration");
        progress.done("AWS IoT CA " + registration.path("status").asText() + ", auto-registration "
                + (registration.path("autoRegistration").asBoolean() ? "on" : "off") + ", template "
                + registration.path("templateName").asText());

        progress.start("enroll");
        String caPem = client.getText("/v1/cas/" + NAME + "/certificate", "application/x-pem-file");
        Path enrolledCa = deviceDir.resolve(DeviceConfig.Files.DEFAULTS.caCertificate());
        boolean enrolled = Files.isRegularFile(deviceDir.resolve(DeviceConfig.FILE_NAME))
                && sameText(enrolledCa, caPem);
        if (enrolled) {
            progress.done(thing + " is already enrolled under this CA (reused)");
        } else {
            String token = QuickstartEnrollment.mintToken(client, NAME, thing);
            QuickstartEnrollment.enroll(broker, token, thing, deviceDir, Files.exists(deviceDir));
            progress.done(thing + ": key made here and never sent, certificate issued against a one-time token");
        }

        progress.start("credentials");
        ExchangeResult result = exchange(deviceDir);
        progress.done("from " + DeviceConfig.read(deviceDir).credentialsEndpoint() + " in " + millis(result.took())
                + ", " + result.attempts().size() + (result.attempts().size() == 1 ? " call" : " calls"));
        for (Attempt attempt : result.attempts()) {
            out.println("        " + attempt.describe());
        }
        if (result.attempts().size() > 1) {
            out.println("        the first call met just-in-time provisioning and was retried; no error reached you");
        }

        progress.start("STS");
        String arn = callerIdentity(emulator, result.credentials());
        progress.done("GetCallerIdentity → " + arn);

        out.println();
        out.println("Created (safe to run again):");
        out.println("  broker      " + broker.url() + "  data " + broker.dataDir());
        out.println("  CA          " + NAME + "   (jitp ca show " + NAME + ")");
        out.println("  fleet       " + NAME + "   (jitp fleet show " + NAME + "), devices assume " + roleArn);
        out.println("  template    " + TEMPLATE + "   (jitp template get " + TEMPLATE + ")");
        out.println("  device      " + thing + "   files in " + deviceDir + ":");
        try (var files = Files.list(deviceDir)) {
            files.map(f -> f.getFileName().toString()).sorted().forEach(f -> out.println("                " + f));
        } catch (IOException e) {
            out.println("                (cannot list: " + e.getClass().getSimpleName() + ")");
        }
        out.println();
        out.println("Next:");
        out.println("  bin/jitp credentials get --dir " + deviceDir + " --format env");
        out.println("  credential_process = " + "bin/jitp credentials get --dir " + deviceDir + " --format process");
        if (status.started()) {
            out.println("  stop the broker: kill $(cat " + broker.dataDir().resolve("broker.pid") + ")");
        }
        out.flush();
    }

    private static boolean sameText(Path file, String text) {
        try {
            return Files.readString(file).strip().equals(text.strip());
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode ensureCa(BrokerClient client) {
        try {
            return client.get("/v1/cas/" + NAME);
        } catch (JitpException e) {
            if (e.reason() != Reason.NOT_FOUND) {
                throw e;
            }
        }
        return client.post("/v1/cas", body().put("name", NAME).put("subject", "CN=jitp quickstart CA,O=jitp"));
    }

    static ObjectNode template(String policyName) {
        ObjectNode template = body();
        ObjectNode parameters = template.putObject("Parameters");
        parameters.putObject("AWS::IoT::Certificate::CommonName").put("Type", "String");
        parameters.putObject("AWS::IoT::Certificate::Id").put("Type", "String");
        ObjectNode resources = template.putObject("Resources");
        resources.putObject("thing").put("Type", "AWS::IoT::Thing").putObject("Properties")
                .putObject("ThingName").put("Ref", "AWS::IoT::Certificate::CommonName");
        ObjectNode certificate = resources.putObject("certificate").put("Type", "AWS::IoT::Certificate")
                .putObject("Properties");
        certificate.putObject("CertificateId").put("Ref", "AWS::IoT::Certificate::Id");
        certificate.put("Status", "ACTIVE");
        resources.putObject("policy").put("Type", "AWS::IoT::Policy").putObject("Properties")
                .put("PolicyName", policyName);
        return template;
    }

    private static ExchangeResult exchange(Path deviceDir) {
        DeviceConfig config = DeviceConfig.read(deviceDir);
        try (CredentialsExchange exchange = CredentialsExchange.create(ExchangePolicy.DEFAULTS)) {
            return exchange.exchange(config.request(deviceDir, null)).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof JitpException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private static String callerIdentity(EmulatorEndpoints emulator, TemporaryCredentials credentials) {
        try (StsClient sts = StsClient.builder()
                .endpointOverride(URI.create(emulator.stsEndpoint()))
                .region(Region.of(emulator.region()))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken())))
                .build()) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            return identity.arn();
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new JitpException(Reason.UPSTREAM, "STS GetCallerIdentity refused the device's credentials: "
                    + e.getClass().getSimpleName(), null, "run jitp device doctor " + "for the device", null, e);
        }
    }

    private static ObjectNode body() {
        return OutputOptions.mapper().createObjectNode();
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}
