package io.jitp.exchange;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jitp.error.JitpException;
import io.jitp.pki.Pem;

/**
 * The credentials provider to call: where it is, the name sent in SNI and checked against its certificate, and
 * the roots its certificate must chain to (Amazon Root CA 1 for AWS, the emulator's root for the emulator). There
 * is no mode that trusts any certificate.
 *
 * @param host the host to connect to, e.g. {@code c1abc.credentials.iot.us-east-1.amazonaws.com}
 * @param port the TCP port, 443 for AWS
 * @param serverName the SNI name and the name the server certificate must carry; the host unless overridden
 * @param trustBundle the trusted roots
 * @param trustSource where the trusted roots came from, for messages (a file path)
 */
public record CredentialsEndpoint(String host, int port, String serverName, List<X509Certificate> trustBundle,
        String trustSource) {

    /** The port of the AWS credentials provider. */
    public static final int DEFAULT_PORT = 443;

    private static final Pattern ADDRESS = Pattern.compile(
            "(?:https://)?(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(?::(\\d{1,5}))?/?");

    /** Checks the parts. */
    public CredentialsEndpoint {
        if (host == null || host.isBlank()) {
            throw JitpException.invalid("endpoint", "the credentials endpoint has no host",
                    "give host[:port] as 'aws iot describe-endpoint --endpoint-type iot:CredentialProvider' prints");
        }
        if (port < 1 || port > 65535) {
            throw JitpException.invalid("endpoint", "the credentials endpoint's port " + port + " is out of range",
                    "give a port between 1 and 65535");
        }
        if (trustBundle == null || trustBundle.isEmpty()) {
            throw JitpException.invalid("caBundle", "the trust bundle holds no certificate",
                    "give the PEM file of the root that signs the endpoint's certificate (AmazonRootCA1.pem)");
        }
        serverName = serverName == null || serverName.isBlank() ? host : serverName;
        trustBundle = List.copyOf(trustBundle);
    }

    /**
     * An endpoint from {@code host[:port]} (an {@code https://} prefix is accepted) and a PEM trust bundle file.
     */
    public static CredentialsEndpoint of(String address, Path trustBundle) {
        byte[] content = ExchangeFiles.read(trustBundle, "caBundle");
        List<X509Certificate> roots = Pem.certificates(content, "trust bundle " + trustBundle, "caBundle");
        return parse(address, roots, trustBundle.toString());
    }

    /** An endpoint from {@code host[:port]} and trusted roots already loaded. */
    public static CredentialsEndpoint parse(String address, List<X509Certificate> roots, String trustSource) {
        Matcher matcher = address == null ? null : ADDRESS.matcher(address.strip());
        if (matcher == null || !matcher.matches()) {
            throw JitpException.invalid("endpoint", "'" + address + "' is not a credentials endpoint address",
                    "give host[:port], e.g. the address 'aws iot describe-endpoint --endpoint-type "
                            + "iot:CredentialProvider' prints");
        }
        String host = matcher.group(1);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = matcher.group(2) == null ? DEFAULT_PORT : Integer.parseInt(matcher.group(2));
        return new CredentialsEndpoint(host.toLowerCase(Locale.ROOT), port, null, roots, trustSource);
    }

    /** The same endpoint with another SNI / certificate name (to reach a host by address). */
    public CredentialsEndpoint withServerName(String name) {
        return new CredentialsEndpoint(host, port, name, trustBundle, trustSource);
    }

    /** {@code host:port}, as DescribeEndpoint answers it (IPv6 hosts in brackets). */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "CredentialsEndpoint[" + address() + ", serverName=" + serverName + ", trust=" + trustSource + "]";
    }
}
