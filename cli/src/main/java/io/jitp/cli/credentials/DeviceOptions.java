package io.jitp.cli.credentials;

import java.nio.file.Path;

import io.jitp.error.JitpException;
import io.jitp.exchange.CredentialsEndpoint;
import io.jitp.exchange.DeviceConfig;
import io.jitp.exchange.DeviceIdentity;
import io.jitp.exchange.ExchangeRequest;
import io.jitp.pki.CertificateId;
import io.jitp.pki.Certificates;
import io.jitp.pki.Pem;

import picocli.CommandLine.Option;

/**
 * Which device asks for credentials, and where: a directory written by {@code jitp device enroll} (with its
 * {@code device.json}), or every part given on the command line. Options given with {@code --dir} override the
 * directory's values.
 */
public class DeviceOptions {

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Device directory with device.json, deviceCert.key and deviceCertAndCACert.crt.")
    Path dir;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "Device certificate PEM, followed by its CA to send the chain (deviceCertAndCACert.crt).")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "Device private key (any form openssl writes).")
    Path key;

    @Option(names = "--endpoint", paramLabel = "HOST[:PORT]",
            description = "Credentials endpoint (aws iot describe-endpoint --endpoint-type iot:CredentialProvider).")
    String endpoint;

    @Option(names = "--role-alias", paramLabel = "ALIAS", description = "Role alias whose role is assumed.")
    String roleAlias;

    @Option(names = "--thing", paramLabel = "NAME",
            description = "Thing name sent in x-amzn-iot-thingname (left out when not given).")
    String thing;

    @Option(names = "--ca-bundle", paramLabel = "FILE",
            description = "PEM roots the endpoint's certificate must chain to (AmazonRootCA1.pem for AWS).")
    Path caBundle;

    @Option(names = "--server-name", paramLabel = "NAME",
            description = "SNI name when it differs from the endpoint host (default: the host).")
    String serverName;

    /** The device's certificate file. */
    Path certificateFile() {
        if (cert != null) {
            return cert;
        }
        DeviceConfig config = config();
        if (config == null) {
            throw missing("--cert", "the device certificate (deviceCertAndCACert.crt)");
        }
        return DeviceConfig.resolve(dir, config.sendChain() ? config.files().chain() : config.files().certificate());
    }

    /**
     * The id of the device certificate and the request's names, without reading the key: what a cache lookup
     * needs.
     */
    CacheIdentity cacheIdentity() {
        Path file = certificateFile();
        CertificateId id = Certificates.id(Pem.certificates(readFile(file, "--cert"), "device certificate " + file,
                "--cert").get(0));
        DeviceConfig config = config();
        String address = endpoint != null ? endpoint : config == null ? null : config.credentialsEndpoint();
        String alias = roleAlias != null ? roleAlias : config == null ? null : config.roleAlias();
        String thingName = thing != null ? thing : config == null ? null : config.thingName();
        if (address == null) {
            throw missing("--endpoint", "the credentials endpoint host[:port]");
        }
        if (alias == null) {
            throw missing("--role-alias", "the role alias");
        }
        return new CacheIdentity(id, address.strip(), alias, thingName);
    }

    /** The full request: reads the key, the chain and the trust bundle. */
    ExchangeRequest request() {
        DeviceConfig config = config();
        Path keyFile = key != null ? key : config == null ? null : DeviceConfig.resolve(dir, config.files().key());
        if (keyFile == null) {
            throw missing("--key", "the device private key (deviceCert.key)");
        }
        Path bundle = caBundle != null ? caBundle
                : config == null ? null : DeviceConfig.resolve(dir, config.trustBundle());
        if (bundle == null) {
            throw missing("--ca-bundle", "the PEM roots of the endpoint (AmazonRootCA1.pem)");
        }
        CacheIdentity names = cacheIdentity();
        DeviceIdentity identity;
        CredentialsEndpoint target;
        try {
            identity = DeviceIdentity.load(keyFile, certificateFile(), null);
        } catch (JitpException e) {
            throw e.withField("key".equals(e.field()) ? "--key" : "--cert");
        }
        try {
            target = CredentialsEndpoint.of(names.endpoint(), bundle);
        } catch (JitpException e) {
            throw e.withField("endpoint".equals(e.field()) ? "--endpoint" : "--ca-bundle");
        }
        String sni = serverName != null ? serverName : config == null ? null : config.serverName();
        if (sni != null) {
            target = target.withServerName(sni);
        }
        try {
            return new ExchangeRequest(identity, target, names.roleAlias(), names.thingName());
        } catch (JitpException e) {
            throw e.withField("roleAlias".equals(e.field()) ? "--role-alias" : "--thing");
        }
    }

    /** Paths whose change means renewed credentials material (the key and certificate files). */
    Path[] watchedFiles() {
        DeviceConfig config = config();
        Path keyFile = key != null ? key : DeviceConfig.resolve(dir, config.files().key());
        return new Path[]{keyFile, certificateFile()};
    }

    private DeviceConfig config() {
        if (dir == null) {
            return null;
        }
        try {
            return DeviceConfig.read(dir);
        } catch (JitpException e) {
            throw "dir".equals(e.field()) ? e.withField("--dir") : e;
        }
    }

    private static byte[] readFile(Path file, String field) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw JitpException.invalid(field, file + " does not exist", "give the path of an existing file", e);
        } catch (java.io.IOException e) {
            throw JitpException.invalid(field, file + " cannot be read", "check the file and its permissions", e);
        }
    }

    private static JitpException missing(String option, String what) {
        return JitpException.invalid(option, what + " is not given",
                "pass " + option + ", or --dir with a device.json that names it");
    }

    /**
     * What cached credentials belong to.
     *
     * @param certificateId the device certificate's id
     * @param endpoint the endpoint as given
     * @param roleAlias the role alias
     * @param thingName the thing name, or {@code null}
     */
    record CacheIdentity(CertificateId certificateId, String endpoint, String roleAlias, String thingName) {
    }
}
