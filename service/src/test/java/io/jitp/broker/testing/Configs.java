package io.jitp.broker.testing;

import java.time.Duration;
import java.util.Map;

import io.jitp.broker.config.BrokerConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** A real {@link BrokerConfig} built from properties, for tests of single classes. */
public final class Configs {

    private Configs() {
    }

    /** The broker configuration with these properties and every default. */
    public static BrokerConfig broker(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(BrokerConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValue("user.home", System.getProperty("user.home"))
                .withSources(new io.smallrye.config.PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(BrokerConfig.class);
    }
}
