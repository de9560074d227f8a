package io.jitp.broker.enrollment;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.jitp.broker.config.Workers;
import io.jitp.broker.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The device ledger: list, show, revoke. */
@Path("/v1/devices")
@Tag(name = "Devices")
@SecurityRequirement(name = "apiToken")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceResource {

    private final DeviceService devices;
    private final SecurityIdentity identity;

    public DeviceResource(DeviceService devices, SecurityIdentity identity) {
        this.devices = devices;
        this.identity = identity;
    }

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "List issued device certificates (by thing, newest first)")
    public Uni<List<DeviceView>> list(@QueryParam("fleet") String fleet, @QueryParam("status") String status,
            @QueryParam("limit") Integer limit) {
        return Workers.run(() -> devices.list(fleet, status, limit));
    }

    @GET
    @Path("/{thing}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Show a device: its current certificate and history")
    public Uni<DeviceView.Thing> get(@PathParam("thing") String thing) {
        return Workers.run(() -> devices.show(thing));
    }

    @POST
    @Path("/{thing}/revoke")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Revoke a device's certificates in AWS IoT and the ledger (confirm = the thing name)")
    public Uni<DeviceView.Thing> revoke(@PathParam("thing") String thing,
            @Valid EnrollmentRequests.Revoke request) {
        String actor = identity.getPrincipal().getName();
        return Workers.run(() -> devices.revoke(thing, request, actor));
    }
}
