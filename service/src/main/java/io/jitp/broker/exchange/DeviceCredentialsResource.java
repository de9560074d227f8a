package io.jitp.broker.exchange;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.regex.Pattern;

import javax.net.ssl.SSLPeerUnverifiedException;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.jitp.broker.config.Workers;
import io.jitp.broker.security.Roles;
import io.jitp.error.JitpException;
import io.jitp.error.Reason;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /v1/devices/{thing}/credentials}: temporary AWS credentials for a custodial device, exchanged by the
 * broker with the key it holds. Callers: an operator (token with the operator or admin role), or the device itself
 * over mutual TLS with its own certificate (see {@link DeviceCertificateRequest}).
 */
@Path("/v1/devices/{thing}/credentials")
@Tag(name = "Devices")
@SecurityRequirement(name = "apiToken")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceCredentialsResource {

    private static final Pattern THING = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

    private final BrokeredExchange exchanges;
    private final CurrentIdentityAssociation identities;

    public DeviceCredentialsResource(BrokeredExchange exchanges, CurrentIdentityAssociation identities) {
        this.exchanges = exchanges;
        this.identities = identities;
    }

    @POST
    @PermitAll
    @Operation(summary = "Exchange a custodial device's certificate for temporary AWS credentials (cached; "
            + "operator token, or the device's own certificate over mutual TLS)")
    public Uni<Response> credentials(@PathParam("thing") String thing,
            @QueryParam("refresh") @DefaultValue("false") boolean refresh, @Context HttpServerRequest http) {
        if (!THING.matcher(thing).matches()) {
            throw JitpException.invalid("thing", "'" + thing + "' is not a thing name",
                    "give 1-128 letters, digits and :_-");
        }
        return identities.getDeferredIdentity()
                .chain(identity -> authorize(identity, thing, http))
                .chain(() -> exchanges.credentials(thing, refresh))
                .map(credentials -> Response.ok(credentials).header("Cache-Control", "no-store").build());
    }

    private Uni<Void> authorize(SecurityIdentity identity, String thing, HttpServerRequest http) {
        if (identity.hasRole(Roles.OPERATOR)) {
            return Uni.createFrom().voidItem();
        }
        X509Certificate device = clientCertificate(http);
        if (device == null) {
            if (!identity.isAnonymous()) {
                throw JitpException.forbidden("Authorization", "this API token's role may not exchange credentials",
                        "use an operator or admin token");
            }
            throw new JitpException(Reason.UNAUTHENTICATED, "an operator token or the device's own certificate is "
                    + "required", "Authorization",
                    "send 'Authorization: Bearer <operator token>', or call over "
                            + "mutual TLS with the device's certificate and key",
                    null, null);
        }
        if (exchanges.deviceVerified(thing, device)) {
            return Uni.createFrom().voidItem();
        }
        return Workers.run(() -> {
            exchanges.authorizeDevice(thing, device);
            return true;
        }).replaceWithVoid();
    }

    private static X509Certificate clientCertificate(HttpServerRequest http) {
        if (http == null || !http.isSSL()) {
            return null;
        }
        try {
            Certificate[] chain = http.connection().peerCertificates().toArray(Certificate[]::new);
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
