package io.jitp.broker.exchange;

import jakarta.enterprise.context.ApplicationScoped;

import io.jitp.pki.ClientCertificateAcceptor;
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
 * gets a 403 problem, never a TLS alert. The acceptor ({@link ClientCertificateAcceptor}, shared with the emulator)
 * refuses to judge server chains, so it can never make an outgoing connection trust anything.
 */
@ApplicationScoped
public class DeviceCertificateRequest implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        options.setClientAuth(ClientAuth.REQUEST);
        options.setTrustOptions(TrustOptions.wrap(new ClientCertificateAcceptor()));
    }
}
