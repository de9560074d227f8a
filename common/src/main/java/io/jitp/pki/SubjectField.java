package io.jitp.pki;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The subject fields jitp puts into device certificates: exactly the RDNs that AWS IoT JITP can read as
 * template parameters ({@code AWS::IoT::Certificate::<name>}), see reference/aws-iot.md section 4.3.
 */
public enum SubjectField {
    /** Common name (2.5.4.3), the thing name in jitp's default profile. */
    CN(BCStyle.CN, "CommonName"),
    /** Organization (2.5.4.10). */
    O(BCStyle.O, "Organization"),
    /** Organizational unit (2.5.4.11). */
    OU(BCStyle.OU, "OrganizationalUnit"),
    /** Country (2.5.4.6), two letters. */
    C(BCStyle.C, "Country"),
    /** State or province (2.5.4.8). */
    ST(BCStyle.ST, "StateName"),
    /** The subject's serialNumber RDN (2.5.4.5), not the certificate serial. */
    SERIAL_NUMBER(BCStyle.SERIALNUMBER, "SerialNumber"),
    /** Distinguished name qualifier (2.5.4.46). */
    DN_QUALIFIER(BCStyle.DN_QUALIFIER, "DistinguishedNameQualifier");

    /** Prefix of every JITP certificate parameter. */
    public static final String PARAMETER_PREFIX = "AWS::IoT::Certificate::";

    private final ASN1ObjectIdentifier oid;
    private final String jitpName;

    SubjectField(ASN1ObjectIdentifier oid, String jitpName) {
        this.oid = oid;
        this.jitpName = jitpName;
    }

    /** The attribute type of the RDN. */
    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** The JITP template parameter filled from this field, e.g. {@code AWS::IoT::Certificate::CommonName}. */
    public String jitpParameter() {
        return PARAMETER_PREFIX + jitpName;
    }

    /** The short name used in subject strings ({@code CN=…,O=…}): CN, O, OU, C, ST, serialNumber, dnQualifier. */
    public String shortName() {
        return switch (this) {
            case SERIAL_NUMBER -> "serialNumber";
            case DN_QUALIFIER -> "dnQualifier";
            default -> name();
        };
    }

    /** The field filled into a JITP parameter, if the parameter is one of the seven subject parameters. */
    public static Optional<SubjectField> ofJitpParameter(String parameter) {
        return Arrays.stream(values()).filter(f -> f.jitpParameter().equals(parameter)).findFirst();
    }

    /** The field with this short name (case-insensitive), if it is one jitp supports. */
    public static Optional<SubjectField> ofShortName(String name) {
        return Arrays.stream(values()).filter(f -> f.shortName().equalsIgnoreCase(name)).findFirst();
    }

    /** The field with this attribute type, if it is one jitp supports. */
    public static Optional<SubjectField> ofOid(ASN1ObjectIdentifier oid) {
        return Arrays.stream(values()).filter(f -> f.oid.equals(oid)).findFirst();
    }

    /**
     * The order in which jitp writes these fields into a subject it builds: from the widest (country) to the
     * narrowest (the device).
     */
    public static final List<SubjectField> ENCODING_ORDER = List.of(C, ST, O, OU, CN, SERIAL_NUMBER, DN_QUALIFIER);

    /**
     * The values of these fields in a subject (a certificate's or a CSR's), as AWS IoT fills the JITP
     * parameters from them. A field that appears twice yields its first value; {@link #repeated(X500Name)}
     * finds such fields. Attributes outside the seven are not returned.
     */
    public static Map<SubjectField, String> readAll(X500Name subject) {
        Map<SubjectField, String> values = new EnumMap<>(SubjectField.class);
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                ofOid(attribute.getType()).ifPresent(
                        field -> values.putIfAbsent(field, plainValue(attribute.getValue())));
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /** The string value of an attribute without RFC 4514 escaping: what AWS IoT puts into a parameter. */
    static String plainValue(ASN1Encodable value) {
        return value instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(value);
    }

    /** The value of this field in a subject, the first one if it repeats. */
    public Optional<String> valueIn(X500Name subject) {
        return Optional.ofNullable(readAll(subject).get(this));
    }

    /** The fields among the seven that appear more than once in a subject. */
    public static List<SubjectField> repeated(X500Name subject) {
        Map<SubjectField, Integer> counts = new EnumMap<>(SubjectField.class);
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                ofOid(attribute.getType()).ifPresent(field -> counts.merge(field, 1, Integer::sum));
            }
        }
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }
}
