package io.jitp.broker.ca;

import jakarta.enterprise.context.ApplicationScoped;

import io.jitp.error.JitpException;
import io.quarkus.arc.DefaultBean;

/** Refuses every template until the template engine is part of the build. */
@DefaultBean
@ApplicationScoped
public class NoTemplateCheck implements CaService.TemplateCheck {

    @Override
    public void requireCompatible(String templateName, IssuanceProfile profile) {
        // TODO: replaced by the template service once the template engine lands (#3)
        throw JitpException.conflict("templates are not available in this build", "register without a template");
    }
}
