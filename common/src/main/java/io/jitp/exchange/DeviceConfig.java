package io.jitp.exchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.jitp.error.JitpException;
import io.jitp.pki.AtomicFiles;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The device configuration {@value #FILE_NAME} that {@code jitp device enroll} writes next to the device's key and
 * certificates, and that {@code jitp credentials get --dir D} reads. Version 1:
 *
 * <pre>
 * {
 *   "version": 1,
 *   "thingName": "pump-0001",
 *   "credentialsEndpoint": "c1abc.credentials.iot.us-east-1.amazonaws.com:443",
 *   "roleAlias": "fleet-devices",
 *   "region": "us-east-1",
 *   "trustBundle": "AmazonRootCA1.pem",
 *   "serverName": null,
 *   "sendChain": true,
 *   "files": {"key": "deviceCert.key", "certificate": "deviceCert.crt",
 *             "chain": "deviceCertAndCACert.crt", "caCertificate": "rootCA.pem"}
 * }
 * </pre>
 *
 * Paths are relative to the directory holding the file (absolute ones are kept). {@code thingName} may be
 * {@code null} (no {@code x-amzn-iot-thingname} header); {@code region}, {@code serverName} (an SNI name other than
 * the endpoint's host) and {@code files} may be left out (the defaults above). {@code sendChain} false sends the
 * device certificate alone ({@code files.certificate}) instead of {@code files.chain}. Unknown members are
 * ignored, so that a newer jitp may add some; a higher {@code version} is refused.
 *
 * @param version the format version, 1
 * @param thingName the thing name sent in {@code x-amzn-iot-thingname}, or {@code null}
 * @param credentialsEndpoint the credentials provider, {@code host[:port]}
 * @param roleAlias the role alias
 * @param region the AWS region of the endpoint, or {@code null}
 * @param trustBundle the PEM file of the roots the endpoint's certificate chains to
 * @param serverName the SNI name, or {@code null} for the endpoint's host
 * @param sendChain whether the chain (device certificate + CA) is presented rather than the device certificate alone
 * @param files the device's files
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceConfig(Integer version, String thingName, String credentialsEndpoint, String roleAlias,
        String region, String trustBundle, String serverName, Boolean sendChain, Files files) {

    /** The name of the file in the device directory. */
    public static final String FILE_NAME = "device.json";
    /** The format version this jitp writes and reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The device's files, named as in the manual procedure.
     *
     * @param key the private key (0600)
     * @param certificate the device certificate
     * @param chain the device certificate followed by its CA
     * @param caCertificate the CA certificate
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Files(String key, String certificate, String chain, String caCertificate) {

        /** The manual procedure's names. */
        public static final Files DEFAULTS = new Files("deviceCert.key", "deviceCert.crt",
                "deviceCertAndCACert.crt", "rootCA.pem");

        /** Fills missing names with the defaults. */
        public Files {
            key = key == null ? "deviceCert.key" : key;
            certificate = certificate == null ? "deviceCert.crt" : certificate;
            chain = chain == null ? "deviceCertAndCACert.crt" : chain;
            caCertificate = caCertificate == null ? "rootCA.pem" : caCertificate;
        }
    }

    /** Fills defaults. */
    public DeviceConfig {
        version = version == null ? VERSION : version;
        sendChain = sendChain == null ? Boolean.TRUE : sendChain;
        files = files == null ? Files.DEFAULTS : files;
    }

    /** A version-1 configuration with the default file names, sending the chain. */
    public static DeviceConfig of(String thingName, String credentialsEndpoint, String roleAlias, String region,
            String trustBundle) {
        return new DeviceConfig(VERSION, thingName, credentialsEndpoint, roleAlias, region, trustBundle, null, true,
                Files.DEFAULTS);
    }

    /** Reads {@code directory/device.json} and checks it. */
    public static DeviceConfig read(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw JitpException.invalid("dir", "no " + FILE_NAME + " in " + directory,
                    "give the directory 'jitp device enroll' wrote, or the files with --cert, --key, --endpoint, "
                            + "--role-alias and --ca-bundle");
        }
        DeviceConfig config;
        try {
            config = JSON.readValue(ExchangeFiles.read(file, "dir"), DeviceConfig.class);
        } catch (IOException e) {
            throw JitpException.invalid(FILE_NAME, file + " is not a valid device configuration: "
                    + firstLine(e.getMessage()), "fix the JSON or enroll the device again", e);
        }
        if (config == null) {
            throw JitpException.invalid(FILE_NAME, file + " is empty", "enroll the device again");
        }
        return config.checked(file);
    }

    /** Writes {@code directory/device.json} atomically (mode 0644); refuses to replace one unless asked. */
    public Path write(Path directory, boolean overwrite) {
        checked(directory.resolve(FILE_NAME));
        Path file = directory.resolve(FILE_NAME);
        AtomicFiles.write(file, toJson().getBytes(StandardCharsets.UTF_8), AtomicFiles.PUBLIC, overwrite, "dir");
        return file;
    }

    /** The JSON text. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the device configuration", e);
        }
    }

    /** The exchange request this configuration describes, with the files resolved against the directory. */
    public ExchangeRequest request(Path directory, char[] keyPassword) {
        Path certificates = resolve(directory, sendChain ? files.chain() : files.certificate());
        DeviceIdentity identity = DeviceIdentity.load(resolve(directory, files.key()), certificates, keyPassword);
        CredentialsEndpoint endpoint = CredentialsEndpoint.of(credentialsEndpoint, resolve(directory, trustBundle));
        if (serverName != null) {
            endpoint = endpoint.withServerName(serverName);
        }
        return new ExchangeRequest(identity, endpoint, roleAlias, thingName);
    }

    /** A path of the configuration, resolved against the directory. */
    public static Path resolve(Path directory, String name) {
        Path path = Path.of(name);
        return path.isAbsolute() ? path : directory.resolve(path);
    }

    private DeviceConfig checked(Path file) {
        if (version > VERSION) {
            throw JitpException.invalid(FILE_NAME + ": version", file + " has version " + version
                    + ", newer than this jitp reads (" + VERSION + ")", "update jitp");
        }
        require(credentialsEndpoint, "credentialsEndpoint", file,
                "the address 'aws iot describe-endpoint --endpoint-type iot:CredentialProvider' prints");
        require(roleAlias, "roleAlias", file, "the role alias name");
        require(trustBundle, "trustBundle", file, "the PEM file of the endpoint's root, e.g. AmazonRootCA1.pem");
        return this;
    }

    private static void require(String value, String member, Path file, String what) {
        if (value == null || value.isBlank()) {
            throw JitpException.invalid(FILE_NAME + ": " + member, file + " has no " + member,
                    "add \"" + member + "\": " + what);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
