package io.jitp.broker.enrollment;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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

    /**
     * One page (at most {@code limit}, default and maximum 1000 rows) as a JSON array; when more rows follow, a
     * {@code Link: <…>; rel="next"} header (RFC 8288) gives the relative URL of the next page.
     */
    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "List issued device certificates (by thing, newest first), a page at a time: follow the "
            + "Link rel=\"next\" header")
    @APIResponse(responseCode = "200", description = "A page of certificates",
            content = @Content(schema = @Schema(implementation = DeviceView.class, type = SchemaType.ARRAY)))
    public Uni<Response> list(@QueryParam("fleet") String fleet, @QueryParam("status") String status,
            @QueryParam("limit") Integer limit, @QueryParam("after") String after) {
        return Workers.run(() -> {
            DevicePage page = devices.list(fleet, status, limit, after);
            Response.ResponseBuilder answer = Response.ok(page.devices());
            if (page.next() != null) {
                StringBuilder next = new StringBuilder("/v1/devices?");
                query(next, "fleet", fleet);
                query(next, "status", status);
                query(next, "limit", limit == null ? null : limit.toString());
                query(next, "after", page.next());
                answer.header("Link", "<" + next.substring(0, next.length() - 1) + ">; rel=\"next\"");
            }
            return answer.build();
        });
    }

    private static void query(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
        }
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
