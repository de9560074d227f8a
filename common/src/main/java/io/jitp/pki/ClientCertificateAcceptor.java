package io.jitp.pki;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A server-side acceptor of client certificate chains, for TLS ports that authorise the client after the handshake:
 * the emulator's credentials endpoint and the broker's HTTPS port (device mutual TLS).
 * <p>
 * It lets every client that presents a certificate (and, as TLS itself checks, proves possession of its key)
 * finish the handshake, without judging the chain. This mirrors AWS IoT: the handshake cannot know whether an
 * unknown certificate is about to be auto-registered (JITR/JITP), so authorisation happens afterwards, in the
 * application, against the registry (reference/aws-iot.md section 5.3): certificate registered and ACTIVE, or
 * signed by an ACTIVE CA with auto-registration enabled; thing attached; policy allows
 * {@code iot:AssumeRoleWithCertificate}; role alias exists. The broker, whose CAs change at run time, judges a device
 * chain per request against its ledger in the same way.
 * <p>
 * It is a server-side component only: it refuses to judge any server chain, so it can never be used to make an
 * outgoing connection trust anything.
 */
public final class ClientCertificateAcceptor extends X509ExtendedTrustManager {

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private static void requireChain(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the client presented no certificate");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        requireChain(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        requireChain(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        requireChain(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("ClientCertificateAcceptor judges client certificates only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("ClientCertificateAcceptor judges client certificates only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("ClientCertificateAcceptor judges client certificates only");
    }

    /** No issuer list in the CertificateRequest: clients may send any certificate. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }
}
