package io.jitp.template;

import java.util.Map;

/**
 * An {@code AWS::IoT::Certificate} resource: exactly one of {@code CertificateId}, {@code CertificatePem} (with an
 * optional {@code CACertificatePem}) or {@code CertificateSigningRequest}, and a {@code Status}. A JITP template
 * must use {@code "CertificateId": {"Ref": "AWS::IoT::Certificate::Id"}}; the other forms exist for bulk
 * registration and are refused by the JITP validator. Absent properties are {@code null}.
 *
 * @param certificateId {@code CertificateId}
 * @param certificatePem {@code CertificatePem}
 * @param caCertificatePem {@code CACertificatePem}
 * @param certificateSigningRequest {@code CertificateSigningRequest}
 * @param status {@code Status}: {@code ACTIVE} or {@code INACTIVE}; AWS defaults to ACTIVE when absent
 * @param overrideSettings {@code OverrideSettings} for Status
 */
public record CertificateResource(Expression certificateId, Expression certificatePem, Expression caCertificatePem,
        Expression certificateSigningRequest, Expression status,
        Map<OverridableProperty, OverrideAction> overrideSettings) implements Resource {

    public CertificateResource {
        overrideSettings = ThingResource.copy(overrideSettings);
    }

    /** The JITP form: the certificate being provisioned, with a status. */
    public static CertificateResource jitp(String status) {
        return new CertificateResource(Expression.ref(ProvisioningTemplate.CERTIFICATE_ID_PARAMETER), null, null,
                null, status == null ? null : Expression.text(status), Map.of());
    }

    @Override
    public String type() {
        return CERTIFICATE;
    }
}
