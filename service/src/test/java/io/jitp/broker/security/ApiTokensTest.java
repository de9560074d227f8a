package io.jitp.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jitp.broker.testing.Configs;

class ApiTokensTest {

    @TempDir
    Path dir;

    @Test
    void configuredHashAndFileTokens_mapToTheirRoles() throws Exception {
        Path adminFile = dir.resolve("admin.token");
        Files.writeString(adminFile, "jitp_admin_from_a_secret\n");
        ApiTokens tokens = new ApiTokens(Configs.broker(Map.of(
                "jitp.data-dir", dir.toString(),
                "jitp.security.tokens.ops.role", "operator",
                "jitp.security.tokens.ops.sha256", ApiTokens.sha256("jitp_ops"),
                "jitp.security.tokens.root.role", "ADMIN",
                "jitp.security.tokens.root.file", adminFile.toString())));

        assertThat(tokens.lookup("jitp_ops")).contains(new ApiTokens.Holder("ops", "operator"));
        assertThat(tokens.lookup("jitp_admin_from_a_secret")).contains(new ApiTokens.Holder("root", "admin"));
        assertThat(tokens.lookup("jitp_other")).isEmpty();
        assertThat(tokens.lookup(null)).isEmpty();
        assertThat(Files.exists(dir.resolve("admin-token"))).isFalse();
    }

    @Test
    void noAdminConfigured_generatesAnAdminTokenFileOnce() throws Exception {
        Map<String, String> config = Map.of("jitp.data-dir", dir.toString());

        new ApiTokens(Configs.broker(config));
        String token = Files.readString(dir.resolve("admin-token")).strip();
        ApiTokens again = new ApiTokens(Configs.broker(config));

        assertThat(token).startsWith(ApiTokens.PREFIX).hasSize(48);
        assertThat(again.lookup(token)).contains(new ApiTokens.Holder("admin", "admin"));
    }

    @Test
    void badTokenConfiguration_isRefusedAtStart() {
        assertThatThrownBy(() -> new ApiTokens(Configs.broker(Map.of("jitp.data-dir", dir.toString(),
                "jitp.security.tokens.x.role", "root", "jitp.security.tokens.x.sha256", "0".repeat(64)))))
                .hasMessageContaining("admin or operator");
        assertThatThrownBy(() -> new ApiTokens(Configs.broker(Map.of("jitp.data-dir", dir.toString(),
                "jitp.security.tokens.x.role", "admin", "jitp.security.tokens.x.sha256", "short"))))
                .hasMessageContaining("64 hex");
        assertThatThrownBy(() -> new ApiTokens(Configs.broker(Map.of("jitp.data-dir", dir.toString(),
                "jitp.security.tokens.x.role", "admin"))))
                .hasMessageContaining("exactly one");
    }
}
