package io.jitp.cli.pki;

import java.time.Duration;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of --days values: a usage error (exit 2) when not positive. */
final class Days {

    /** 100 years: anything longer is a typo. */
    private static final int MAX_DAYS = 36_500;

    private Days() {
    }

    static Duration of(CommandSpec spec, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new ParameterException(spec.commandLine(), "--days must be between 1 and " + MAX_DAYS + ", not "
                    + days);
        }
        return Duration.ofDays(days);
    }
}
