package io.jitp.broker.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The embedded emulator provisioning in 100 ms instead of 2 s, as the library's own fleet test runs it: with the
 * real delay a fleet's retries during provisioning, not the client's policy, would decide the number of calls.
 */
public class FastProvisioningProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("jitp.iot.emulator-provisioning-delay", "100ms");
    }
}
