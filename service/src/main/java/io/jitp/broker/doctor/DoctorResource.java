package io.jitp.broker.doctor;

import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
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
import io.jitp.error.JitpException;
import io.smallrye.mutiny.Uni;

/** {@code GET /v1/devices/{thing}/doctor}: why a device does or will not get credentials, and how to fix it. */
@Path("/v1/devices/{thing}/doctor")
@Tag(name = "Devices")
@SecurityRequirement(name = "apiToken")
@Produces(MediaType.APPLICATION_JSON)
public class DoctorResource {

    private static final Pattern THING = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    private static final Pattern ALIAS = Pattern.compile("[\\w=,@-]{1,128}");

    private final DeviceDoctor doctor;

    public DoctorResource(DeviceDoctor doctor) {
        this.doctor = doctor;
    }

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Check a device's certificate, thing, attachment, policy, role alias, CA and clock in AWS "
            + "IoT; each check is ok, warn or fail with a fix")
    public Uni<DoctorReport> examine(@PathParam("thing") String thing, @QueryParam("roleAlias") String roleAlias) {
        if (!THING.matcher(thing).matches()) {
            throw JitpException.invalid("thing", "'" + thing + "' is not a thing name",
                    "give 1-128 letters, digits and :_-");
        }
        if (roleAlias != null && !ALIAS.matcher(roleAlias).matches()) {
            throw JitpException.invalid("roleAlias", "'" + roleAlias + "' is not a role alias name",
                    "give the alias name (1-128 letters, digits and _=,@-), not its ARN");
        }
        return Workers.run(() -> doctor.examine(thing, roleAlias));
    }
}
