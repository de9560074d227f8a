package io.jitp.emulator.provisioning;

import java.security.cert.X509Certificate;

import io.jitp.emulator.state.ProvisioningPlan;

/** Resolves a JITP template for one device certificate into the resources to provision. */
@FunctionalInterface
public interface TemplateRenderer {

    /**
     * @param templateBody the template body
     * @param certificate the device certificate (source of the subject parameters)
     * @param certificateId its AWS IoT id ({@code AWS::IoT::Certificate::Id})
     * @return the plan
     * @throws io.jitp.error.JitpException when the template cannot be applied to this certificate
     */
    ProvisioningPlan render(String templateBody, X509Certificate certificate, String certificateId);
}
