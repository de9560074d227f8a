package io.jitp.cli.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.jitp.cli.OutputOptions;
import io.jitp.error.JitpException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What quickstart needs of the broker's embedded AWS IoT emulator, read from the {@code endpoints.json} it writes in
 * {@code <data-dir>/emulator}: the STS endpoint (to prove the credentials), the region and the account id.
 *
 * @param stsEndpoint the emulator's STS URL
 * @param region its region
 * @param accountId its account id
 */
record EmulatorEndpoints(String stsEndpoint, String region, String accountId) {

    static EmulatorEndpoints read(Path brokerDataDir) {
        Path file = brokerDataDir.resolve("emulator").resolve("endpoints.json");
        try {
            JsonNode endpoints = OutputOptions.mapper().readTree(Files.readString(file));
            return new EmulatorEndpoints(endpoints.path("stsEndpoint").asText(), endpoints.path("region").asText(),
                    endpoints.path("accountId").asText());
        } catch (IOException e) {
            throw JitpException.invalid("--data-dir", "quickstart runs on the broker's embedded AWS IoT emulator, "
                    + "but " + file + " cannot be read",
                    "point --data-dir at the data directory of a broker started "
                            + "without an AWS region (bin/jitp-broker), or leave --broker out");
        }
    }
}
