package io.jitp.cli.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.emulator.credentials.CredentialsService.FirstContact;
import io.jitp.emulator.fault.Surface;
import io.jitp.exchange.EmulatedAccount;
import io.jitp.testsupport.External;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The packaged {@code bin/jitp} with real AWS clients: the Debian AWS CLI v2 runs it as its
 * {@code credential_process}, and reads {@code credentials serve} through the container-credentials variables, as
 * does the AWS SDK for Java v2's {@link ContainerCredentialsProvider}.
 */
class CredentialsCliIT {

    private static final Path ROOT = Path.of(System.getProperty("jitp.root", "..")).toAbsolutePath().normalize();
    private static final String JITP = ROOT.resolve("bin/jitp").toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    static EmulatedAccount account;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        account = EmulatedAccount.start(Duration.ofMillis(300), FirstContact.CLOSE);
    }

    @AfterAll
    static void stop() {
        account.close();
    }

    @Test
    void awsCli_credentialProcess_getsTheAssumedRoleAndTheSecondRunIsServedFromTheCache() throws Exception {
        Path aws = External.requireDebianAwsCli();
        EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("awscli"));
        Path deviceDir = account.writeDeviceDirectory(device, dir.resolve("device"));
        Path config = dir.resolve("aws-config");
        Files.writeString(config, "[profile device]\nregion = us-east-1\ncredential_process = " + JITP
                + " credentials get --dir " + deviceDir + " --format process --cache-dir " + dir.resolve("cache")
                + "\n");
        Map<String, String> env = awsEnvironment();
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_PROFILE", "device");
        List<String> command = List.of(aws.toString(), "sts", "get-caller-identity", "--endpoint-url",
                account.emulator().endpoints().stsEndpoint(), "--output", "json");
        long credentialsBefore = account.credentialsCalls();

        Result first = run(command, env);
        long credentialsAfterFirst = account.credentialsCalls();
        long stsAfterFirst = account.emulator().faults().total(Surface.STS, null);
        Result second = run(command, env);

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(JSON.readTree(first.stdout()).get("Arn").asText())
                .isEqualTo(EmulatedAccount.assumedRoleArn(device.thingName()));
        assertThat(credentialsAfterFirst - credentialsBefore).isGreaterThanOrEqualTo(2);
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(JSON.readTree(second.stdout()).get("Arn").asText())
                .isEqualTo(EmulatedAccount.assumedRoleArn(device.thingName()));
        assertThat(account.credentialsCalls()).isEqualTo(credentialsAfterFirst);
        assertThat(account.emulator().faults().total(Surface.STS, null)).isEqualTo(stsAfterFirst + 1);
    }

    @Test
    void serve_awsCliAndSdkContainerProvider_getTheDeviceCredentialsAndRenewedFilesAreRead() throws Exception {
        EmulatedAccount.Device device = account.newDevice(EmulatedAccount.unique("serve"));
        Path deviceDir = account.writeDeviceDirectory(device, dir.resolve("serve"));
        Process serve = new ProcessBuilder(JITP, "credentials", "serve", "--dir", deviceDir.toString())
                .redirectError(dir.resolve("serve.err").toFile())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8));
            String uriLine = out.readLine();
            String tokenLine = out.readLine();
            assertThat(uriLine).matches("export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127\\.0\\.0\\.1:\\d+"
                    + "/credentials");
            assertThat(tokenLine).matches("export AWS_CONTAINER_AUTHORIZATION_TOKEN=[A-Za-z0-9_-]{43}");
            String uri = uriLine.substring(uriLine.indexOf('=') + 1);
            String token = tokenLine.substring(tokenLine.indexOf('=') + 1);

            String fromSdk = sdkCallerIdentity(uri, token);
            assertThat(fromSdk).isEqualTo(EmulatedAccount.assumedRoleArn(device.thingName()));
            if (Files.isExecutable(Path.of("/usr/bin/aws"))) {
                Map<String, String> env = awsEnvironment();
                env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri);
                env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
                Result cli = run(List.of("/usr/bin/aws", "sts", "get-caller-identity", "--endpoint-url",
                        account.emulator().endpoints().stsEndpoint(), "--region", "us-east-1", "--output", "json"),
                        env);
                assertThat(cli.exitCode()).as(cli.stderr()).isZero();
                assertThat(JSON.readTree(cli.stdout()).get("Arn").asText()).isEqualTo(fromSdk);
            } else {
                External.requireDebianAwsCli();
            }

            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, uri, null).statusCode()).isEqualTo(401);
            assertThat(get(http, uri, token + "x").statusCode()).isEqualTo(403);
            JsonNode before = JSON.readTree(get(http, uri, token).body());
            long calls = account.credentialsCalls();
            assertThat(JSON.readTree(get(http, uri, token).body())).isEqualTo(before);
            assertThat(account.credentialsCalls()).isEqualTo(calls);

            EmulatedAccount.Device renewed = account.newDevice(device.thingName());
            account.writeDeviceDirectory(renewed, deviceDir);
            JsonNode after = JSON.readTree(get(http, uri, token).body());

            assertThat(after.get("AccessKeyId").asText()).isNotEqualTo(before.get("AccessKeyId").asText());
            assertThat(account.iot().describeCertificate(r -> r.certificateId(renewed.certificateId()))
                    .certificateDescription().statusAsString()).isEqualTo("ACTIVE");
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
        }
        String log = Files.readString(dir.resolve("serve.err"));
        assertThat(log).doesNotContain("AWS_CONTAINER_AUTHORIZATION_TOKEN").doesNotContain("SecretAccessKey");
    }

    private static HttpResponse<String> get(HttpClient http, String uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(90));
        if (token != null) {
            request.header("Authorization", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String sdkCallerIdentity(String uri, String token) {
        System.setProperty("aws.containerCredentialsFullUri", uri);
        System.setProperty("aws.containerAuthorizationToken", token);
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build();
                StsClient sts = StsClient.builder()
                        .endpointOverride(URI.create(account.emulator().endpoints().stsEndpoint()))
                        .region(Region.US_EAST_1)
                        .credentialsProvider(provider)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
            AwsCredentials credentials = provider.resolveCredentials();
            assertThat(credentials.accessKeyId()).startsWith("ASIA");
            return sts.getCallerIdentity().arn();
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationToken");
        }
    }

    /** The environment without any AWS setting of the machine, so that the CLI uses only what a test gives. */
    private Map<String, String> awsEnvironment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("HOME", dir.toString());
        return env;
    }

    private Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
