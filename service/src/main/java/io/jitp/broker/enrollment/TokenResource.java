package io.jitp.broker.enrollment;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.jitp.broker.config.Workers;
import io.jitp.broker.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Enrollment tokens: mint (the secret is in this answer only), list, show, revoke. */
@Path("/v1/tokens")
@Tag(name = "Enrollment tokens")
@SecurityRequirement(name = "apiToken")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

    private final TokenService tokens;
    private final SecurityIdentity identity;

    public TokenResource(TokenService tokens, SecurityIdentity identity) {
        this.tokens = tokens;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Mint an enrollment token (the secret is returned once)")
    public Uni<Response> create(@Valid @NotNull EnrollmentRequests.CreateToken request) {
        String actor = identity.getPrincipal().getName();
        return Workers.run(() -> Response.status(201).entity(tokens.create(request, actor)).build());
    }

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "List enrollment tokens (never their secrets)")
    public Uni<List<TokenView>> list() {
        return Workers.run(tokens::list);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Show an enrollment token")
    public Uni<TokenView> get(@PathParam("id") String id) {
        return Workers.run(() -> tokens.get(id));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Revoke an enrollment token (safe to repeat)")
    public Uni<TokenView> revoke(@PathParam("id") String id) {
        String actor = identity.getPrincipal().getName();
        return Workers.run(() -> tokens.revoke(id, actor));
    }
}
