package io.jitp.cli.credentials;

import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;

import io.jitp.error.JitpException;
import io.jitp.exchange.CredentialsExchange;
import io.jitp.exchange.ExchangeFailure;
import io.jitp.exchange.ExchangePolicy;
import io.jitp.exchange.ExchangeRequest;
import io.jitp.exchange.ExchangeResult;
import io.jitp.exchange.TemporaryCredentials;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jitp credentials get}: one exchange (or a cache hit), printed for a shell, an SDK or a program. */
@Command(name = "get", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Print temporary AWS credentials for the device certificate.",
        description = {"Calls the AWS IoT credentials provider with the device's certificate (mutual TLS), absorbing "
                + "the failure of a new certificate's first call while just-in-time provisioning runs, and "
                + "retrying throttling and server faults with backoff. Credentials are cached in a 0600 file until "
                + "less than --refresh-margin is left, so an SDK may run this as its credential_process.",
                "", "In ~/.aws/config:", "  [profile device]",
                "  credential_process = jitp credentials get --dir /etc/device --format process"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {" 0:credentials printed",
                " 1:refused or misconfigured (the message names what to fix); retrying will not help",
                " 2:usage error: unknown option, missing or malformed argument",
                " 3:the endpoint stayed unavailable or throttled through the retry budget; try again later"})
public class GetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOptions device;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "process",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    CredentialsOutput.Format format = CredentialsOutput.Format.process;

    @Option(names = "--refresh-margin", paramLabel = "DURATION", defaultValue = "5m",
            converter = DurationConverter.class,
            description = "Fetch new credentials once less than this is left (default: ${DEFAULT-VALUE}).")
    Duration refreshMargin;

    @Option(names = "--retry-budget", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Keep retrying provisioning, throttling and server faults this long (default: "
                    + "${DEFAULT-VALUE}).")
    Duration retryBudget;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Cache directory (default: $JITP_CACHE_DIR, $XDG_CACHE_HOME/jitp/credentials or "
                    + "~/.cache/jitp/credentials).")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Neither read nor write the cache.")
    boolean noCache;

    @Option(names = "--refresh", description = "Ignore cached credentials; fetch and cache new ones.")
    boolean refresh;

    @Option(names = {"-v", "--verbose"}, description = "Show each call to the endpoint on stderr.")
    boolean verbose;

    @Override
    public Integer call() {
        try {
            ExchangeResult result = noCache ? exchange(device.request(), false) : cachedOrExchanged();
            if (verbose) {
                CredentialsOutput.describe(spec.commandLine().getErr(), result.attempts());
            }
            CredentialsOutput.print(spec.commandLine().getOut(), format, result);
            return CredentialsOutput.OK;
        } catch (ExchangeFailure failure) {
            if (verbose) {
                CredentialsOutput.describe(spec.commandLine().getErr(), failure.attempts());
            }
            return CredentialsOutput.fail(spec.commandLine().getErr(), failure);
        } catch (JitpException failure) {
            return CredentialsOutput.fail(spec.commandLine().getErr(), failure);
        }
    }

    private ExchangeResult cachedOrExchanged() {
        CredentialsCacheFile cache = new CredentialsCacheFile(CredentialsCacheFile.directory(cacheDir),
                device.cacheIdentity());
        if (!refresh) {
            Optional<TemporaryCredentials> hit = cache.read(refreshMargin);
            if (hit.isPresent()) {
                return new ExchangeResult(hit.get(), ExchangeResult.Source.CACHE, List.of(), Duration.ZERO);
            }
        }
        try (FileLock lock = cache.lock()) {
            if (!refresh) {
                // Another process may have refreshed while this one waited for the lock.
                Optional<TemporaryCredentials> hit = cache.read(refreshMargin);
                if (hit.isPresent()) {
                    return new ExchangeResult(hit.get(), ExchangeResult.Source.CACHE, List.of(), Duration.ZERO);
                }
            }
            ExchangeResult result = exchange(device.request(), cache.seenBefore());
            cache.write(result.credentials());
            return result;
        } catch (java.io.IOException e) {
            throw JitpException.invalid("--cache-dir", "cannot release the cache lock", "check the cache directory",
                    e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private ExchangeResult exchange(ExchangeRequest request, boolean seenBefore) {
        try (CredentialsExchange exchange = CredentialsExchange.create(
                ExchangePolicy.DEFAULTS.withRefreshMargin(refreshMargin).withRetryBudget(retryBudget)
                        .withProvisioningWindow(min(retryBudget, ExchangePolicy.DEFAULTS.provisioningWindow())))) {
            if (seenBefore) {
                exchange.markProvisioned(request.identity().certificateId());
            }
            return exchange.exchange(request).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof JitpException failure) {
                throw failure;
            }
            throw e;
        }
    }
}
