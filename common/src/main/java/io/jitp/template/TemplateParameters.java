package io.jitp.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import io.jitp.error.JitpException;
import io.jitp.pki.SubjectField;

/**
 * The parameter dictionary a template is evaluated with: what JITP reads from a device certificate (the seven
 * subject fields of {@link SubjectField} and {@code AWS::IoT::Certificate::Id}), what a CSR's subject will give,
 * or a plain map.
 *
 * <p>
 * A subject field that occurs more than once (two OU values) gives its first value in the encoded order; AWS does
 * not document which one JITP takes. Values are the attribute strings as encoded, without RFC 4514 escaping.
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
        try {
            return fromCertificate(new X509CertificateHolder(certificate.getEncoded()));
        } catch (CertificateEncodingException | IOException e) {
            throw JitpException.invalid("certificate", "the certificate cannot be encoded", "give a valid X.509"
                    + " certificate", e);
        }
    }

    /** What JITP reads from this device certificate. */
    public static TemplateParameters fromCertificate(X509CertificateHolder certificate) {
        SortedMap<String, String> values = subjectValues(certificate.getSubject());
        try {
            values.put(ProvisioningTemplate.CERTIFICATE_ID_PARAMETER,
                    InterimPki.certificateId(certificate.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException("a parsed certificate cannot be encoded", e);
        }
        return new TemplateParameters(values, Source.CERTIFICATE);
    }

    /** What JITP reads from the first certificate of a PEM text (a device certificate, or a device+CA chain). */
    public static TemplateParameters fromCertificatePem(String pem) {
        return fromCertificate(InterimPki.readCertificate(pem));
    }

    /** What JITP will read from a certificate issued for this CSR (its subject; the id is not known yet). */
    public static TemplateParameters fromCsr(PKCS10CertificationRequest csr) {
        return new TemplateParameters(subjectValues(csr.getSubject()), Source.CSR);
    }

    /** {@link #fromCsr} for a PEM CSR. */
    public static TemplateParameters fromCsrPem(String pem) {
        return fromCsr(InterimPki.readCsr(pem));
    }

    /** A plain parameter map. */
    public static TemplateParameters of(Map<String, String> values) {
        return new TemplateParameters(new TreeMap<>(values), Source.MAP);
    }

    /** The value of a parameter, if the source supplies one. */
    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    private static SortedMap<String, String> subjectValues(X500Name subject) {
        SortedMap<String, String> values = new TreeMap<>();
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                SubjectField.ofOid(attribute.getType())
                        .ifPresent(field -> values.putIfAbsent(field.jitpParameter(), text(attribute.getValue())));
            }
        }
        return values;
    }

    private static String text(ASN1Encodable value) {
        if (value instanceof ASN1String string) {
            return string.getString();
        }
        return IETFUtils.valueToString(value);
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
