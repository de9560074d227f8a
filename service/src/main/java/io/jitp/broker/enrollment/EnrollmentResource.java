package io.jitp.broker.enrollment;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.jitp.broker.config.Workers;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/enrollments}: authenticated by an enrollment token ({@code Authorization: Bearer jitpe_…}), not
 * an API token; the API-token mechanism leaves such tokens alone.
 */
@Path("/v1/enrollments")
@Tag(name = "Enrollment")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EnrollmentResource {

    private static final String BEARER = "Bearer ";

    private final EnrollmentService enrollment;

    public EnrollmentResource(EnrollmentService enrollment) {
        this.enrollment = enrollment;
    }

    @POST
    @PermitAll
    @Operation(summary = "Enroll a device with an enrollment token: CSR in, certificate and endpoint out")
    public Uni<Response> enroll(@HeaderParam("Authorization") String authorization,
            @Valid @NotNull EnrollmentRequests.Enroll request) {
        String secret = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).strip() : null;
        return Workers.run(() -> Response.status(201).entity(enrollment.enroll(secret, request)).build());
    }
}
