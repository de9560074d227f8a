package io.jitp.cli.device;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import io.jitp.cli.OutputOptions;
import io.jitp.cli.client.BrokerClient;
import io.jitp.cli.client.BrokerOptions;
import io.jitp.cli.client.Tables;
import io.jitp.cli.pki.KeyTypeConverter;
import io.jitp.error.JitpException;
import io.jitp.exchange.DeviceConfig;
import io.jitp.pki.AtomicFiles;
import io.jitp.pki.Csr;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.KeyType;
import io.jitp.pki.SubjectNames;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jitp device enroll}: the device side of enrollment. The key is generated here and never leaves the
 * machine (unless --server-keygen); the files are written together (staged, then put in place) only once the
 * broker has issued the certificate.
 */
@Command(name = "enroll", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Enroll this device with an enrollment token: key, CSR, certificate, device.json.",
        description = {"Generates the device key locally (deviceCert.key, 0600), sends a CSR with CN = the thing "
                + "name to the broker with the enrollment token, and writes what 'jitp credentials get --dir' "
                + "reads: deviceCert.key, deviceCert.crt, deviceCertAndCACert.crt, rootCA.pem (the device CA), "
                + "trustBundle.pem (the roots of the credentials endpoint) and device.json (endpoint, role alias, "
                + "thing). Nothing is written when the broker refuses. With --server-keygen the broker generates "
                + "the key (the token must allow it) and returns it once.",
                "", "The token comes from --token, else the file --token-file, else $JITP_ENROLLMENT_TOKEN."},
        footerHeading = "%nExamples:%n",
        footer = {"  jitp device enroll --broker https://broker:8443 --token jitpe_... --thing pump-0001 "
                + "--dir /etc/device",
                "  jitp credentials get --dir /etc/device --format env"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {" 0:enrolled; the files are written",
                " 1:refused (token expired, used, revoked or for another thing; CSR against the CA's profile), "
                        + "files in the way without --force, or the broker unreachable; the message names the fix",
                " 2:usage error: unknown option, missing or malformed argument"})
public class DeviceEnrollCommand implements Callable<Integer> {

    /** The trust bundle's file name in the device directory. */
    public static final String TRUST_BUNDLE = "trustBundle.pem";

    @Mixin
    BrokerOptions broker;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The enrollment token (jitpe_...).")
    String token;

    @Option(names = "--thing", paramLabel = "NAME", required = true, description = "The thing name (the "
            + "certificate's CN).")
    String thing;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "Directory for the files "
            + "(default: the current one).")
    Path dir;

    @Option(names = "--server-keygen", description = "Have the broker generate the key (the token must allow it).")
    boolean serverKeygen;

    @Option(names = "--key-type", paramLabel = "TYPE", converter = KeyTypeConverter.class,
            completionCandidates = KeyTypeConverter.class, description = "Key type: ${COMPLETION-CANDIDATES} "
                    + "(default: p256; with --server-keygen: the CA profile's).")
    KeyType keyType;

    @Option(names = "--force", description = "Replace files from an earlier enrollment.")
    boolean force;

    @Override
    public Integer call() {
        String secret = secret();
        DeviceConfig.Files names = DeviceConfig.Files.DEFAULTS;
        List<String> files = List.of(names.key(), names.certificate(), names.chain(), names.caCertificate(),
                TRUST_BUNDLE, DeviceConfig.FILE_NAME);
        if (!force) {
            for (String file : files) {
                if (Files.exists(dir.resolve(file))) {
                    throw JitpException.invalid("--dir", dir.resolve(file) + " exists (an earlier enrollment?)",
                            "give another --dir, or --force to replace the device's files");
                }
            }
        }
        ObjectNode body = OutputOptions.mapper().createObjectNode().put("thingName", thing);
        PrivateKey key = null;
        if (serverKeygen) {
            body.put("serverKeygen", true);
            if (keyType != null) {
                body.put("keyType", keyType.label());
            }
        } else {
            KeyPair pair = (keyType == null ? KeyType.P256 : keyType).generate();
            key = pair.getPrivate();
            body.put("csr", Csr.build(pair, SubjectNames.parse("CN=" + thing, "--thing")).pem());
        }
        JsonNode enrolled = BrokerClient.connect(broker, secret).post("/v1/enrollments", body);

        createDirectory();
        if (key == null) {
            byte[] pem = enrolled.path("privateKeyPem").asText().getBytes(StandardCharsets.US_ASCII);
            key = KeyFiles.parse(pem, null, "privateKeyPem").key();
        }
        DeviceConfig config = DeviceConfig.of(thing, enrolled.path("credentialsEndpoint").asText(),
                enrolled.path("roleAlias").asText(), enrolled.path("region").asText(null), TRUST_BUNDLE);
        byte[] keyPem = KeyFiles.toPem(key, null).getBytes(StandardCharsets.US_ASCII);
        AtomicFiles.Batch batch = new AtomicFiles.Batch(force);
        try {
            batch.add(dir.resolve(names.key()), keyPem, AtomicFiles.OWNER_ONLY, "--dir");
            add(batch, names.certificate(), enrolled.path("certificatePem").asText());
            add(batch, names.chain(), enrolled.path("chainPem").asText());
            add(batch, names.caCertificate(), enrolled.path("caCertificatePem").asText());
            add(batch, TRUST_BUNDLE, enrolled.path("trustBundlePem").asText());
            add(batch, DeviceConfig.FILE_NAME, config.toJson());
            batch.commit();
        } finally {
            Arrays.fill(keyPem, (byte) 0);
        }

        ObjectNode shown = ((ObjectNode) enrolled.deepCopy());
        shown.remove("privateKeyPem");
        shown.put("dir", dir.toAbsolutePath().normalize().toString());
        shown.put("config", dir.resolve(DeviceConfig.FILE_NAME).toAbsolutePath().normalize().toString());
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOptions.printJson(out, shown);
        } else {
            Tables.details(out, shown, "enrolled=thingName", "certificate id=certificateId", "fleet=fleet",
                    "role alias=roleAlias", "endpoint=credentialsEndpoint", "valid until=notAfter",
                    "custodial key=custodial", "directory=dir");
            out.println();
            out.println("Get credentials: jitp credentials get --dir " + dir + " --format env");
            out.flush();
        }
        return 0;
    }

    private String secret() {
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        if (broker.tokenFile() != null) {
            try {
                return Files.readString(broker.tokenFile(), StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw JitpException.invalid("--token-file", "cannot read " + broker.tokenFile(),
                        "give the file 'jitp token create --save' wrote");
            }
        }
        String fromEnv = System.getenv("JITP_ENROLLMENT_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        throw JitpException.invalid("--token", "no enrollment token",
                "give --token, --token-file or $JITP_ENROLLMENT_TOKEN (jitp token create prints one)");
    }

    private void createDirectory() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw JitpException.invalid("--dir", "cannot create " + dir, "give a writable directory");
        }
    }

    private void add(AtomicFiles.Batch batch, String name, String content) {
        batch.add(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8), AtomicFiles.PUBLIC, "--dir");
    }
}
