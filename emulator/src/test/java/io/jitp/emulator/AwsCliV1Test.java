package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.testsupport.External;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The AWS CLI v1 (botocore, as installed by pip) against the emulator: its SigV4 signatures, query members and
 * pagination tokens are accepted as the Debian AWS CLI v2's are.
 */
class AwsCliV1Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Emulator emulator;
    static String aws;

    @BeforeAll
    static void start() {
        aws = External.requireAwsCliV1().toString();
        emulator = Emulator.start(EmulatorConfig.builder().build());
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void controlPlaneCalls_succeed(@TempDir Path work) throws Exception {
        Shell shell = new Shell(work).awsCli(emulator.endpoints());

        String version = shell.ok(aws, "--version") + shell.run(aws, "--version").stderr();
        JsonNode cas = JSON.readTree(shell.ok(iot("list-ca-certificates")));
        JsonNode endpoint = JSON.readTree(shell.ok(iot("describe-endpoint", "--endpoint-type", "iot:Data-ATS")));
        JsonNode credentialsEndpoint = JSON.readTree(shell.ok(iot("describe-endpoint", "--endpoint-type",
                "iot:CredentialProvider")));
        JsonNode created = JSON.readTree(shell.ok(iot("create-thing", "--thing-name", "v1-thing",
                "--attribute-payload", "{\"attributes\":{\"cli\":\"v1\"}}")));
        JsonNode described = JSON.readTree(shell.ok(iot("describe-thing", "--thing-name", "v1-thing")));
        Shell.Result missing = shell.run(iot("describe-thing", "--thing-name", "no-such-thing"));

        assertThat(version).startsWith("aws-cli/1.");
        assertThat(cas.get("certificates")).isEmpty();
        assertThat(endpoint.get("endpointAddress").asText()).endsWith("-ats.iot.us-east-1.amazonaws.com");
        assertThat(credentialsEndpoint.get("endpointAddress").asText())
                .isEqualTo(emulator.endpoints().credentialsEndpoint());
        assertThat(created.get("thingArn").asText()).endsWith(":thing/v1-thing");
        assertThat(described.get("attributes").get("cli").asText()).isEqualTo("v1");
        assertThat(missing.exitCode()).isEqualTo(255);
        assertThat(missing.stderr()).contains("(ResourceNotFoundException)", "no-such-thing");
    }

    @Test
    void pagination_followsTheEmulatorsTokens(@TempDir Path work) throws Exception {
        Shell shell = new Shell(work).awsCli(emulator.endpoints());
        for (int i = 0; i < 5; i++) {
            shell.ok(iot("create-thing", "--thing-name", "v1-paged-" + i, "--attribute-payload",
                    "{\"attributes\":{\"batch\":\"v1\"}}"));
        }

        JsonNode all = JSON.readTree(shell.ok(iot("list-things", "--attribute-name", "batch", "--attribute-value",
                "v1", "--page-size", "2")));
        JsonNode first = JSON.readTree(shell.ok(iot("list-things", "--attribute-name", "batch",
                "--attribute-value", "v1", "--max-items", "3", "--page-size", "2")));
        JsonNode rest = JSON.readTree(shell.ok(iot("list-things", "--attribute-name", "batch", "--attribute-value",
                "v1", "--page-size", "2", "--starting-token", first.get("NextToken").asText())));

        List<String> names = new ArrayList<>();
        first.get("things").forEach(t -> names.add(t.get("thingName").asText()));
        rest.get("things").forEach(t -> names.add(t.get("thingName").asText()));
        assertThat(all.get("things")).hasSize(5);
        assertThat(first.get("things")).hasSize(3);
        assertThat(names).containsExactly("v1-paged-0", "v1-paged-1", "v1-paged-2", "v1-paged-3", "v1-paged-4");
    }

    private String[] iot(String... arguments) {
        List<String> command = new ArrayList<>(List.of(aws, "--endpoint-url", emulator.endpoints().apiEndpoint(),
                "--output", "json", "iot"));
        command.addAll(List.of(arguments));
        return command.toArray(String[]::new);
    }
}
