package io.jitp.broker.ca;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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

/** The CA API: create, import, register with AWS IoT, change, rotate, retire, export. */
@Path("/v1/cas")
@Tag(name = "CAs")
@SecurityRequirement(name = "apiToken")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CaResource {

    /** Media type of exported certificates. */
    public static final String PEM = "application/x-pem-file";

    private final CaService cas;
    private final CaRegistrar registrar;
    private final CaRotation rotation;
    private final CaService.TemplateCheck templates;
    private final SecurityIdentity identity;

    public CaResource(CaService cas, CaRegistrar registrar, CaRotation rotation, CaService.TemplateCheck templates,
            SecurityIdentity identity) {
        this.cas = cas;
        this.registrar = registrar;
        this.rotation = rotation;
        this.templates = templates;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a CA with a fresh key")
    public Uni<Response> create(@Valid @NotNull CaRequests.Create request) {
        String actor = actor();
        return Workers.run(() -> Response.status(201).entity(cas.create(request, actor)).build());
    }

    @POST
    @Path("/import")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Import an existing CA (PEM certificate and key, encrypted keys with keyPassword)")
    public Uni<Response> importCa(@Valid @NotNull CaRequests.Import request) {
        String actor = actor();
        return Workers.run(() -> Response.status(201).entity(cas.importCa(request, actor)).build());
    }

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "List CAs")
    public Uni<List<CaView>> list() {
        return Workers.run(cas::list);
    }

    @GET
    @Path("/{ca}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Show a CA (by id, or by name for its current generation)")
    public Uni<CaView> get(@PathParam("ca") String ca) {
        return Workers.run(() -> cas.get(ca));
    }

    @GET
    @Path("/{ca}/certificate")
    @Produces(PEM)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Export the CA certificate as PEM (rootCA.pem)")
    public Uni<String> certificate(@PathParam("ca") String ca) {
        return Workers.run(() -> cas.certificatePem(ca));
    }

    @PUT
    @Path("/{ca}/profile")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replace the issuance profile (checked against the attached template)")
    public Uni<CaView> profile(@PathParam("ca") String ca, @Valid @NotNull IssuanceProfile profile) {
        String actor = actor();
        return Workers.run(() -> cas.updateProfile(ca, profile, templates, actor));
    }

    @POST
    @Path("/{ca}/registration")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Register the CA with AWS IoT (idempotent; repeating resumes an interrupted registration)")
    public Uni<CaView> register(@PathParam("ca") String ca, @Valid CaRequests.Register request) {
        String actor = actor();
        CaRequests.Register body = request == null ? new CaRequests.Register(null, null, null, null) : request;
        return Workers.run(() -> registrar.register(ca, body, actor));
    }

    @PATCH
    @Path("/{ca}/registration")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Activate or deactivate, switch auto-registration, change the template")
    public Uni<CaView> update(@PathParam("ca") String ca, @Valid @NotNull CaRequests.Update request) {
        String actor = actor();
        return Workers.run(() -> registrar.update(ca, request, actor));
    }

    @POST
    @Path("/{ca}/rotation")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Rotate: a new CA registered beside the current one, which becomes RETIRING")
    public Uni<CaView> rotate(@PathParam("ca") String ca, @Valid CaRequests.Rotate request) {
        String actor = actor();
        CaRequests.Rotate body = request == null ? new CaRequests.Rotate(null, null, null) : request;
        return Workers.run(() -> rotation.rotate(ca, body, actor));
    }

    @POST
    @Path("/{ca}/retirement")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Retire: deactivate in AWS IoT, optionally delete there and destroy the key")
    public Uni<CaView> retire(@PathParam("ca") String ca, @Valid @NotNull CaRequests.Retire request) {
        String actor = actor();
        return Workers.run(() -> registrar.retire(ca, request, actor));
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
