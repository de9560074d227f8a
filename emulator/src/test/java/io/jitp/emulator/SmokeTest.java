package io.jitp.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.iot.IotClient;

class SmokeTest {

    @Test
    void registrationCode_isStableAndHex() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().build());
                IotClient iot = SdkClients.iot(emulator.endpoints())) {
            String code = iot.getRegistrationCode().registrationCode();

            assertThat(code).matches("[0-9a-f]{64}");
            assertThat(iot.getRegistrationCode().registrationCode()).isEqualTo(code);
        }
    }
}
