package io.jitp.broker.template;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import io.jitp.template.ProvisioningPlan;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The template API: JITP provisioning templates stored in AWS IoT. */
@Path("/v1/templates")
@Tag(name = "Templates")
@SecurityRequirement(name = "apiToken")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TemplateResource {

    private final TemplateService templates;
    private final SecurityIdentity identity;

    public TemplateResource(TemplateService templates, SecurityIdentity identity) {
        this.templates = templates;
        this.identity = identity;
    }

    @PUT
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create or update a JITP template (a new version when the body changes)")
    public Uni<TemplateView> put(@PathParam("name") String name, @Valid @NotNull TemplateRequests.Put request) {
        String actor = identity.getPrincipal().getName();
        return Workers.run(() -> templates.put(name, request, actor));
    }

    @GET
    @Path("/{name}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Show a template with its body")
    public Uni<TemplateView> get(@PathParam("name") String name) {
        return Workers.run(() -> templates.get(name));
    }

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "List the JITP templates of the account")
    public Uni<List<TemplateView>> list() {
        return Workers.run(templates::list);
    }

    @DELETE
    @Path("/{name}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete a template no CA uses")
    public Uni<Response> delete(@PathParam("name") String name) {
        String actor = identity.getPrincipal().getName();
        return Workers.run(() -> {
            templates.delete(name, actor);
            return Response.noContent().build();
        });
    }

    @POST
    @Path("/{name}/render")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Render: what JITP would create for a certificate or parameters")
    public Uni<ProvisioningPlan> render(@PathParam("name") String name,
            @Valid @NotNull TemplateRequests.Render request) {
        return Workers.run(() -> templates.render(name, request));
    }
}
