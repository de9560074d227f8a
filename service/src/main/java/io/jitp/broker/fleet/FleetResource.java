package io.jitp.broker.fleet;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.jitp.broker.config.Workers;
import io.jitp.broker.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The fleet API: role alias and device policy in one call. */
@Path("/v1/fleets")
@Tag(name = "Fleets")
@SecurityRequirement(name = "apiToken")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FleetResource {

    private final FleetService fleets;
    private final SecurityIdentity identity;

    public FleetResource(FleetService fleets, SecurityIdentity identity) {
        this.fleets = fleets;
        this.identity = identity;
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Ensure the fleet's role alias and device policy (idempotent)")
    public Uni<FleetView> ensure(@PathParam("name") String name, @Valid @NotNull FleetRequests.Ensure request) {
        String actor = identity.getPrincipal().getName();
        return Workers.run(() -> fleets.ensure(name, request, actor));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Show a fleet")
    public Uni<FleetView> get(@PathParam("name") String name) {
        return Workers.run(() -> fleets.get(name));
    }

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "List fleets")
    public Uni<List<FleetView>> list() {
        return Workers.run(fleets::list);
    }
}
