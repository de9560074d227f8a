package io.jitp.broker.exchange;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.TrustOptions;

/**
 * Makes the broker's HTTPS port <em>request</em> (not require) a client certificate, so that a device may call
 * {@code POST /v1/devices/{thing}/credentials} with its own certificate instead of an operator token. Clients without
 * one (the CLI, curl, browsers) are unaffected.
 *
 * <p>
 * The handshake accepts any presented chain, because the CAs the broker manages change at run time (created,
 * imported, rotated): a chain is judged afterwards, per request, by {@link BrokeredExchange#authorizeDevice} (in the
 * ledger, unrevoked, for the thing, signed by its CA, valid now). A request with a certificate that fails that check
 * gets a 403 problem, never a TLS alert. The acceptor refuses to judge server chains, so it can never make an
 * outgoing connection trust anything.
 */
@ApplicationScoped
public class DeviceCertificateRequest implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        options.setClientAuth(ClientAuth.REQUEST);
        options.setTrustOptions(TrustOptions.wrap(new Acceptor()));
    }

    /** Accepts any client chain (judged later by the application); judges no server chain. */
    static final class Acceptor extends X509ExtendedTrustManager {

        private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

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
            throw new CertificateException("the broker's client-certificate acceptor judges no server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("the broker's client-certificate acceptor judges no server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("the broker's client-certificate acceptor judges no server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return NO_ISSUERS;
        }

        private static void requireChain(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no client certificate");
            }
        }
    }
}
