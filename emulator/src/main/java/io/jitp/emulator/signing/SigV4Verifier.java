package io.jitp.emulator.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.Region;

/**
 * Verifies AWS Signature Version 4 on incoming requests by having the AWS SDK's own signer sign the request
 * again, with the caller's secret, the caller's credential scope and a clock fixed at the request's
 * {@code X-Amz-Date}, over exactly the headers the caller signed, and comparing the two signatures in constant
 * time. The emulator holds no SigV4 implementation of its own.
 * <p>
 * Two SDK signers are used because clients differ in one header: the SDK for Java v2 signs
 * {@code x-amz-content-sha256}, which {@link AwsV4HttpSigner} always adds, so such requests are recomputed with
 * it; botocore (the AWS CLI, boto3) does not send that header, so its requests are recomputed with the SDK's
 * {@link Aws4Signer}, which signs exactly the headers present.
 * <p>
 * The raw path is given to the signer as the encoded path, so labels keep the percent-encoding the client
 * signed ({@code %2F}, {@code %3A}); the signer encodes it once more, as every AWS client does for services
 * other than S3.
 */
public final class SigV4Verifier {

    /** Requests signed more than this far from the emulator's clock are refused, as AWS does. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,"
            + "\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]+)\\s*");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final String region;
    private final Clock clock;
    private final CredentialResolver resolver;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    @SuppressWarnings("deprecation")
    private final Aws4Signer legacySigner = Aws4Signer.create();

    /**
     * @param region the only region accepted in credential scopes
     * @param clock the emulator's clock, for the skew check and expiry of temporary credentials
     * @param resolver looks up access key ids
     */
    public SigV4Verifier(String region, Clock clock, CredentialResolver resolver) {
        this.region = region;
        this.clock = clock;
        this.resolver = resolver;
    }

    /**
     * Verifies a request.
     *
     * @param request the request as received
     * @param services the signing names accepted in the credential scope, e.g. {@code iot} and
     *     {@code execute-api}
     * @return the caller's credentials
     * @throws SignatureFailure when the request is not correctly signed by known, valid credentials
     */
    public CallerCredentials verify(io.jitp.emulator.signing.SignedRequest request, Set<String> services)
            throws SignatureFailure {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            if (request.rawQuery() != null && request.rawQuery().contains("X-Amz-Signature=")) {
                throw new SignatureFailure(SignatureFailure.Kind.MISSING_AUTHENTICATION,
                        "Presigned URLs are not supported by the emulator: sign with the Authorization header");
            }
            throw new SignatureFailure(SignatureFailure.Kind.MISSING_AUTHENTICATION, "Missing Authentication Token");
        }
        Matcher matcher = AUTHORIZATION.matcher(authorization.trim());
        if (!matcher.matches()) {
            throw new SignatureFailure(SignatureFailure.Kind.INCOMPLETE_SIGNATURE, "Authorization header requires "
                    + "'Credential', 'SignedHeaders' and 'Signature' with algorithm " + ALGORITHM);
        }
        String[] scope = matcher.group(1).split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            throw new SignatureFailure(SignatureFailure.Kind.INCOMPLETE_SIGNATURE, "Credential must be "
                    + "<access key id>/<date>/<region>/<service>/aws4_request");
        }
        String accessKeyId = scope[0];
        String scopeDate = scope[1];
        String scopeRegion = scope[2];
        String scopeService = scope[3];
        List<String> signedHeaders = Arrays.asList(matcher.group(2).toLowerCase(Locale.ROOT).split(";"));
        String signature = matcher.group(3).toLowerCase(Locale.ROOT);

        String amzDate = request.header("X-Amz-Date");
        if (amzDate == null || !signedHeaders.contains("x-amz-date") || !signedHeaders.contains("host")) {
            throw new SignatureFailure(SignatureFailure.Kind.INCOMPLETE_SIGNATURE,
                    "The request must carry and sign the headers X-Amz-Date and Host");
        }
        Instant requestTime;
        try {
            requestTime = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new SignatureFailure(SignatureFailure.Kind.INCOMPLETE_SIGNATURE,
                    "X-Amz-Date must have the form 20240101T000000Z");
        }
        if (!amzDate.startsWith(scopeDate)) {
            throw new SignatureFailure(SignatureFailure.Kind.SIGNATURE_MISMATCH, "Date in Credential scope does not "
                    + "match YYYYMMDD from ISO-8601 version of date from HTTP: '" + scopeDate + "' != '"
                    + amzDate.substring(0, Math.min(8, amzDate.length())) + "'");
        }
        Instant now = clock.instant();
        if (Duration.between(requestTime, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new SignatureFailure(SignatureFailure.Kind.SIGNATURE_EXPIRED, "Signature expired: " + amzDate
                    + " is now earlier than " + AMZ_DATE.format(now.minus(MAX_SKEW).atOffset(ZoneOffset.UTC))
                    + " (" + AMZ_DATE.format(now.atOffset(ZoneOffset.UTC)) + " - 15 min.)");
        }
        if (!scopeRegion.equals(region)) {
            throw new SignatureFailure(SignatureFailure.Kind.WRONG_SCOPE, "Credential should be scoped to a valid "
                    + "region: the emulator serves '" + region + "', not '" + scopeRegion + "'");
        }
        if (!services.contains(scopeService)) {
            throw new SignatureFailure(SignatureFailure.Kind.WRONG_SCOPE, "Credential should be scoped to correct "
                    + "service: '" + String.join("' or '", services.stream().sorted().toList()) + "'");
        }

        CallerCredentials credentials = resolver.resolve(accessKeyId);
        if (credentials == null) {
            throw new SignatureFailure(SignatureFailure.Kind.UNKNOWN_ACCESS_KEY,
                    "The security token included in the request is invalid.");
        }
        String token = request.header("X-Amz-Security-Token");
        if (credentials.temporary()) {
            if (token == null || !constantTimeEquals(token, credentials.sessionToken())) {
                throw new SignatureFailure(SignatureFailure.Kind.INVALID_SESSION_TOKEN,
                        "The security token included in the request is invalid.");
            }
            if (credentials.expirationMillis() <= now.toEpochMilli()) {
                throw new SignatureFailure(SignatureFailure.Kind.EXPIRED_TOKEN,
                        "The security token included in the request is expired");
            }
        } else if (token != null) {
            throw new SignatureFailure(SignatureFailure.Kind.INVALID_SESSION_TOKEN,
                    "The security token included in the request is invalid.");
        }

        String expected = recompute(request, signedHeaders, credentials, scopeService, requestTime);
        if (!constantTimeEquals(expected, signature)) {
            throw new SignatureFailure(SignatureFailure.Kind.SIGNATURE_MISMATCH, "The request signature we "
                    + "calculated does not match the signature you provided. Check your AWS Secret Access Key and "
                    + "signing method. Consult the service documentation for details.");
        }
        return credentials;
    }

    private String recompute(io.jitp.emulator.signing.SignedRequest request, List<String> signedHeaders,
            CallerCredentials credentials, String service, Instant requestTime) throws SignatureFailure {
        String host = request.header("Host");
        if (host == null) {
            throw new SignatureFailure(SignatureFailure.Kind.INCOMPLETE_SIGNATURE, "The request has no Host header");
        }
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .protocol("http")
                .host(hostName(host))
                .encodedPath(request.rawPath() == null || request.rawPath().isEmpty() ? "/" : request.rawPath());
        int port = port(host);
        if (port > 0) {
            builder.port(port);
        }
        Map<String, List<String>> query;
        try {
            query = PercentDecoding.query(request.rawQuery());
        } catch (IllegalArgumentException e) {
            throw new SignatureFailure(SignatureFailure.Kind.INCOMPLETE_SIGNATURE, "The query string is not "
                    + "correctly percent-encoded");
        }
        query.forEach(builder::putRawQueryParameter);
        for (String name : signedHeaders) {
            List<String> values = request.headers().get(name);
            if (values == null) {
                throw new SignatureFailure(SignatureFailure.Kind.INCOMPLETE_SIGNATURE,
                        "The signed header '" + name + "' is not in the request");
            }
            builder.putHeader(name, values);
        }
        byte[] body = request.body();
        if (!signedHeaders.contains("x-amz-content-sha256")) {
            return recomputeWithoutContentHash(builder.build(), body, credentials, service, requestTime,
                    signedHeaders);
        }
        AwsCredentialsIdentity identity = credentials.temporary()
                ? AwsSessionCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                        credentials.sessionToken())
                : AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey());
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(builder.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(requestTime, ZoneOffset.UTC)));
        return signatureOf(signed.request().firstMatchingHeader("Authorization").orElse(""), signedHeaders);
    }

    private String recomputeWithoutContentHash(SdkHttpRequest request, byte[] body, CallerCredentials credentials,
            String service, Instant requestTime, List<String> signedHeaders) throws SignatureFailure {
        AwsCredentials awsCredentials = credentials.temporary()
                ? AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                        credentials.sessionToken())
                : AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey());
        SdkHttpFullRequest full = SdkHttpFullRequest.builder()
                .method(request.method())
                .protocol(request.protocol())
                .host(request.host())
                .port(request.port())
                .encodedPath(request.encodedPath())
                .rawQueryParameters(request.rawQueryParameters())
                .headers(request.headers())
                .contentStreamProvider(ContentStreamProvider.fromByteArrayUnsafe(body))
                .build();
        SdkHttpFullRequest signed = legacySigner.sign(full, Aws4SignerParams.builder()
                .awsCredentials(awsCredentials)
                .signingName(service)
                .signingRegion(Region.of(region))
                .signingClockOverride(Clock.fixed(requestTime, ZoneOffset.UTC))
                .build());
        return signatureOf(signed.firstMatchingHeader("Authorization").orElse(""), signedHeaders);
    }

    private static String signatureOf(String recomputed, List<String> signedHeaders) throws SignatureFailure {
        Matcher matcher = AUTHORIZATION.matcher(recomputed);
        if (!matcher.matches()) {
            throw new IllegalStateException("the SDK signer produced no SigV4 Authorization header");
        }
        List<String> recomputedHeaders = Arrays.asList(matcher.group(2).split(";"));
        if (!recomputedHeaders.equals(signedHeaders.stream().sorted().toList())) {
            // The SDK signer signs a different header set (it adds or ignores one): the signatures cannot agree.
            throw new SignatureFailure(SignatureFailure.Kind.SIGNATURE_MISMATCH, "The request signature we "
                    + "calculated does not match the signature you provided: signed headers "
                    + String.join(";", signedHeaders) + " cannot be verified (expected "
                    + String.join(";", recomputedHeaders) + ")");
        }
        return matcher.group(3);
    }

    private static String hostName(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return hostHeader.substring(0, end + 1);
        }
        int colon = hostHeader.lastIndexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    private static int port(String hostHeader) {
        int bracket = hostHeader.lastIndexOf(']');
        int colon = hostHeader.lastIndexOf(':');
        if (colon < 0 || colon < bracket) {
            return -1;
        }
        try {
            return Integer.parseInt(hostHeader.substring(colon + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
