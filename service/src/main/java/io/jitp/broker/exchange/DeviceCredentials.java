package io.jitp.broker.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.jitp.exchange.Attempt;
import io.jitp.exchange.ExchangeResult;
import io.jitp.exchange.TemporaryCredentials;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The answer of {@code POST /v1/devices/{thing}/credentials}: the AWS {@code credential_process} document
 * ({@code Version} 1, {@code AccessKeyId}, {@code SecretAccessKey}, {@code SessionToken}, {@code Expiration}) plus
 * where
 * the credentials came from. {@link #toString()} never shows the secret key or the session token.
 *
 * @param version always 1 (credential_process)
 * @param accessKeyId the access key id
 * @param secretAccessKey the secret access key
 * @param sessionToken the session token
 * @param expiration when the credentials expire
 * @param thingName the thing
 * @param certificateId the certificate exchanged
 * @param fleet the fleet whose role alias was used
 * @param roleAlias the role alias
 * @param source {@code CACHE} or {@code UPSTREAM}
 * @param attempts the calls to the credentials provider (empty from the cache)
 * @param tookMillis how long the exchange took
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"})
public record DeviceCredentials(@JsonProperty("Version") int version,
        @JsonProperty("AccessKeyId") String accessKeyId,
        @JsonProperty("SecretAccessKey") String secretAccessKey,
        @JsonProperty("SessionToken") String sessionToken,
        @JsonProperty("Expiration") Instant expiration,
        String thingName, String certificateId, String fleet, String roleAlias, ExchangeResult.Source source,
        List<AttemptView> attempts, long tookMillis) {

    static DeviceCredentials of(BrokeredExchange.Resolved resolved, TemporaryCredentials credentials,
            ExchangeResult.Source source, List<Attempt> attempts, Duration took) {
        return new DeviceCredentials(1, credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken(), credentials.expiration(), resolved.thing(), resolved.certificateId(),
                resolved.fleet(), resolved.request().roleAlias(), source,
                attempts.stream().map(AttemptView::of).toList(), took.toMillis());
    }

    @Override
    public String toString() {
        return "DeviceCredentials[thing=" + thingName + ", accessKeyId=" + accessKeyId + ", expiration=" + expiration
                + ", source=" + source + ", secretAccessKey=***, sessionToken=***]";
    }

    /**
     * One call to the credentials provider.
     *
     * @param number 1 for the first
     * @param startedAfterMillis when it started, from the exchange's start
     * @param tookMillis how long it took
     * @param outcome what came back, e.g. {@code 200} or {@code connection closed without an answer}
     * @param failureClass how a failure was handled, or {@code null}
     */
    public record AttemptView(int number, long startedAfterMillis, long tookMillis, String outcome,
            String failureClass) {

        static AttemptView of(Attempt attempt) {
            return new AttemptView(attempt.number(), attempt.startedAfter().toMillis(), attempt.took().toMillis(),
                    attempt.outcome(), attempt.failureClass() == null ? null : attempt.failureClass().name());
        }
    }
}
