package io.jitp.exchange;

import java.util.Objects;
import java.util.regex.Pattern;

import io.jitp.error.JitpException;

/**
 * One device asking for credentials.
 *
 * @param identity the device's key and the chain it presents
 * @param endpoint the credentials provider
 * @param roleAlias the role alias whose role is assumed
 * @param thingName the thing name sent in {@code x-amzn-iot-thingname}, or {@code null} to send none
 */
public record ExchangeRequest(DeviceIdentity identity, CredentialsEndpoint endpoint, String roleAlias,
        String thingName) {

    /** The role alias pattern of the AWS model ({@code RoleAlias}: 1–128 of {@code [\w=,@-]}). */
    private static final Pattern ROLE_ALIAS = Pattern.compile("[\\w=,@-]{1,128}");
    /** The thing name pattern of the AWS model ({@code ThingName}: 1–128 of {@code [a-zA-Z0-9:_-]}). */
    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

    /** Checks the names against the AWS patterns, so that a typo fails here and not at the endpoint. */
    public ExchangeRequest {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(endpoint, "endpoint");
        if (roleAlias == null || !ROLE_ALIAS.matcher(roleAlias).matches()) {
            throw JitpException.invalid("roleAlias", "'" + roleAlias + "' is not a role alias name",
                    "give the alias name (1-128 letters, digits and _=,@-), not its ARN");
        }
        if (thingName != null && !THING_NAME.matcher(thingName).matches()) {
            throw JitpException.invalid("thingName", "'" + thingName + "' is not a thing name",
                    "give 1-128 letters, digits and :_-");
        }
    }

    /** The cache and single-flight key of this request. */
    public ExchangeKey key() {
        return new ExchangeKey(identity.certificateId(), endpoint.address(), roleAlias, thingName);
    }

    /** The request path. */
    String path() {
        return "/role-aliases/" + roleAlias + "/credentials";
    }
}
