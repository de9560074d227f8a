package io.jitp.exchange;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.KeyType;
import io.jitp.pki.Pem;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * A real HTTPS server on loopback, with client authentication, that answers the credentials path with a script:
 * the answers AWS gives and the emulator cannot (400 role errors, 429 with Retry-After, 401, a malformed 200). Its
 * certificate names {@code localhost}, {@code credentials.example} and 127.0.0.1 and is signed by its own root.
 * It records what each request carried: SNI name, Host, thing-name header, the length of the client's chain.
 */
final class ScriptedEndpoint implements AutoCloseable {

    /** One scripted answer. */
    record Answer(int status, String body, String retryAfter) {
        static Answer of(int status, String message) {
            return new Answer(status, "{\"message\":\"" + message + "\"}", null);
        }

        static Answer credentials(Instant expiration) {
            return new Answer(200, "{\"credentials\":{\"accessKeyId\":\"ASIASCRIPTED\",\"secretAccessKey\":\"s3cr3t\","
                    + "\"sessionToken\":\"token\",\"expiration\":\"" + expiration + "\"}}", null);
        }
    }

    /** What a request carried. */
    record Seen(String serverName, String host, String thingName, int clientChainLength) {
    }

    private final HttpServer server;
    private final CertificateAuthority root;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Answer fallback = Answer.of(500, "script exhausted");

    ScriptedEndpoint(Vertx vertx, X509Certificate clientCa) throws Exception {
        root = EmulatedAccount.newCa("scripted-root");
        KeyPair keys = KeyType.P256.generate();
        X509Certificate certificate = serverCertificate(keys);
        HttpServerOptions options = new HttpServerOptions().setSsl(true)
                .setHost("127.0.0.1")
                .setPort(0)
                .setSni(true)
                .setClientAuth(ClientAuth.REQUIRED)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setKeyValue(Buffer.buffer(KeyFiles.toPem(keys.getPrivate(), null)))
                        .setCertValue(Buffer.buffer(Pem.encode(certificate))))
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(Pem.encode(clientCa))));
        server = vertx.createHttpServer(options).requestHandler(request -> {
            requests.incrementAndGet();
            int chain;
            try {
                chain = request.connection().peerCertificates().size();
            } catch (Exception e) {
                chain = -1;
            }
            seen.add(new Seen(request.connection().indicatedServerName(), request.host(),
                    request.getHeader("x-amzn-iot-thingname"), chain));
            Answer answer = script.poll();
            Answer reply = answer == null ? fallback : answer;
            if (reply.retryAfter() != null) {
                request.response().putHeader("Retry-After", reply.retryAfter());
            }
            request.response().setStatusCode(reply.status()).putHeader("Content-Type", "application/json")
                    .end(reply.body());
        });
        server.listen().toCompletionStage().toCompletableFuture().join();
    }

    /** Forgets queued answers and the fallback. */
    void reset() {
        script.clear();
        fallback = Answer.of(500, "script exhausted");
    }

    /** Queues answers, in order. */
    ScriptedEndpoint then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** The answer once the script is used up. */
    ScriptedEndpoint otherwise(Answer answer) {
        fallback = answer;
        return this;
    }

    int port() {
        return server.actualPort();
    }

    int requests() {
        return requests.get();
    }

    List<Seen> seen() {
        return seen;
    }

    /** This server's root, written to a PEM file: the trust bundle for it. */
    Path trustBundle(Path directory) throws Exception {
        Path file = directory.resolve("scripted-root.pem");
        Files.writeString(file, root.certificatePem());
        return file;
    }

    private X509Certificate serverCertificate(KeyPair keys) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(root.certificate().getSubjectX500Principal().getEncoded()),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=localhost"), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.dNSName, "credentials.example"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(
                "SHA256withECDSA").build(root.privateKey())));
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
