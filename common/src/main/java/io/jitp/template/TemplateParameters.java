package io.jitp.template;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.jitp.pki.CertificateId;
import io.jitp.pki.Certificates;
import io.jitp.pki.Csr;
import io.jitp.pki.Pem;
import io.jitp.pki.SubjectField;

/**
 * The parameter dictionary a template is evaluated with: what JITP reads from a device certificate (the seven
 * subject fields of {@link SubjectField} and {@code AWS::IoT::Certificate::Id}), what a CSR's subject will give,
 * or a plain map. Subject values are read by {@link SubjectField#readAll}: a field that occurs twice gives its
 * first value (AWS does not document which one JITP takes), without RFC 4514 escaping.
 *
 * @param values parameter name to value, sorted by name
 * @param source where the values come from, for error messages
 */
public record TemplateParameters(SortedMap<String, String> values, Source source) {

    /** The eight parameters JITP fills from a certificate: the seven subject fields, then the certificate id. */
    public static final List<String> JITP_PARAMETERS = jitpParameters();

    /** Where parameter values come from. */
    public enum Source {
        /** A device certificate: subject fields and the AWS IoT certificate id. */
        CERTIFICATE("the certificate"),
        /** A CSR: subject fields only; the certificate id exists once the certificate is issued. */
        CSR("the CSR"),
        /** A map given by the caller. */
        MAP("the parameters");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        /** How messages name the source, e.g. "the certificate". */
        public String label() {
            return label;
        }
    }

    public TemplateParameters {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /** What JITP reads from this device certificate. */
    public static TemplateParameters fromCertificate(X509Certificate certificate) {
        SortedMap<String, String> values = subjectValues(Certificates.subjectFields(certificate));
        values.put(ProvisioningTemplate.CERTIFICATE_ID_PARAMETER, CertificateId.of(certificate).value());
        return new TemplateParameters(values, Source.CERTIFICATE);
    }

    /**
     * What JITP reads from the device certificate in a file: PEM (of a chain such as deviceCertAndCACert.crt, the
     * first certificate, which is the device's) or DER.
     *
     * @param field the input named in errors, e.g. the file name
     */
    public static TemplateParameters fromCertificateFile(byte[] content, String field) {
        return fromCertificate(Pem.certificates(content, "the device certificate", field).get(0));
    }

    /** {@link #fromCertificateFile} for PEM text. */
    public static TemplateParameters fromCertificatePem(String pem) {
        return fromCertificateFile(pem.getBytes(StandardCharsets.US_ASCII), "certificate");
    }

    /** What JITP will read from a certificate issued for this CSR: its subject; the id is not known yet. */
    public static TemplateParameters fromCsr(Csr csr) {
        return new TemplateParameters(subjectValues(csr.subjectFields()), Source.CSR);
    }

    /** A plain parameter map. */
    public static TemplateParameters of(Map<String, String> values) {
        return new TemplateParameters(new TreeMap<>(values), Source.MAP);
    }

    /** The value of a parameter, if the source supplies one. */
    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    private static SortedMap<String, String> subjectValues(Map<SubjectField, String> fields) {
        SortedMap<String, String> values = new TreeMap<>();
        fields.forEach((field, value) -> values.put(field.jitpParameter(), value));
        return values;
    }

    private static List<String> jitpParameters() {
        List<String> names = new ArrayList<>();
        for (SubjectField field : SubjectField.values()) {
            names.add(field.jitpParameter());
        }
        names.add(ProvisioningTemplate.CERTIFICATE_ID_PARAMETER);
        return List.copyOf(names);
    }
}
