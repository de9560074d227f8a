package io.jitp.pki;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

import io.jitp.error.JitpException;

/**
 * Subject distinguished names written as text: {@code CN=sensor-1,O=Acme} (RFC 4514 style) or the openssl
 * {@code -subj} style {@code /CN=sensor-1/O=Acme}. RDNs are kept in the order written.
 */
public final class SubjectNames {

    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9 '()+,\\-./:=?]+");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final int MAX_LENGTH = 64;
    private static final int MAX_STATE_LENGTH = 128;

    private SubjectNames() {
    }

    /**
     * Parses a subject of any attributes BouncyCastle knows by name (CN, O, OU, C, ST, L, serialNumber,
     * dnQualifier, emailAddress…): the form a CA subject takes.
     */
    public static X500Name parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw JitpException.invalid(field, "the subject is empty", "write it as CN=name,O=organization");
        }
        String rfc = text.strip().startsWith("/") ? fromOpensslStyle(text.strip()) : text.strip();
        checkCountries(rfc, field);
        X500Name name;
        try {
            name = new X500Name(BCStyle.INSTANCE, rfc);
        } catch (IllegalArgumentException e) {
            throw JitpException.invalid(field, "the subject '" + text + "' cannot be parsed: " + reason(e),
                    "write it as CN=name,O=organization with known attribute names (CN, O, OU, C, ST, L, "
                            + "serialNumber, dnQualifier)",
                    e);
        }
        checkValues(name, field);
        return name;
    }

    /** Parses a device subject: only the seven fields AWS IoT JITP reads, each at most once. */
    public static X500Name parseDevice(String text, String field) {
        X500Name name = parse(text, field);
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (SubjectField.ofOid(attribute.getType()).isEmpty()) {
                    throw JitpException.invalid(field, "subject attribute " + nameOf(attribute.getType())
                            + " is not one AWS IoT JITP reads", "use only CN, O, OU, C, ST, serialNumber, dnQualifier");
                }
            }
        }
        if (!SubjectField.repeated(name).isEmpty()) {
            throw JitpException.invalid(field, "subject field " + SubjectField.repeated(name).get(0).shortName()
                    + " appears more than once", "give each field once");
        }
        return name;
    }

    /** Builds a subject from field values, in {@link SubjectField#ENCODING_ORDER}. */
    public static X500Name build(Map<SubjectField, String> values) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        for (SubjectField field : SubjectField.ENCODING_ORDER) {
            String value = values.get(field);
            if (value != null) {
                builder.addRDN(field.oid(), value);
            }
        }
        X500Name name = builder.build();
        checkValues(name, "subject");
        return name;
    }

    /** The field values of a subject as a mutable map, for building another subject from it. */
    static Map<SubjectField, String> mutableFields(X500Name subject) {
        Map<SubjectField, String> values = new EnumMap<>(SubjectField.class);
        values.putAll(SubjectField.readAll(subject));
        return values;
    }

    /** The subject as text, {@code CN=…,O=…}, in encoding order. */
    public static String format(X500Name name) {
        return name.toString();
    }

    private static void checkValues(X500Name name, String field) {
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                checkValue(attribute.getType(), SubjectField.plainValue(attribute.getValue()), field);
            }
        }
    }

    private static void checkValue(ASN1ObjectIdentifier type, String value, String field) {
        String attribute = nameOf(type);
        if (value.isBlank()) {
            throw JitpException.invalid(field, "subject field " + attribute + " is empty", "give it a value");
        }
        int max = BCStyle.ST.equals(type) ? MAX_STATE_LENGTH : MAX_LENGTH;
        if (value.length() > max && !BCStyle.EmailAddress.equals(type)) {
            throw JitpException.invalid(field, "subject field " + attribute + " is " + value.length()
                    + " characters long, more than the " + max + " X.520 allows", "shorten it");
        }
        if (BCStyle.C.equals(type) && !COUNTRY.matcher(value).matches()) {
            throw JitpException.invalid(field, "subject field C must be a two-letter ISO 3166 country code, not '"
                    + value + "'", "use e.g. C=US or C=DE");
        }
        boolean printable = BCStyle.SERIALNUMBER.equals(type) || BCStyle.DN_QUALIFIER.equals(type);
        if (printable && !PRINTABLE.matcher(value).matches()) {
            throw JitpException.invalid(field, "subject field " + attribute
                    + " may hold only letters, digits, spaces and ' ( ) + , - . / : = ?", "remove other characters");
        }
    }

    /** Checks C= values before BouncyCastle does, so that the message says what a country code is. */
    private static void checkCountries(String rfc, String field) {
        for (String part : rfc.split("(?<!\\\\),")) {
            String[] pair = part.split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("C")) {
                checkValue(BCStyle.C, pair[1].strip(), field);
            }
        }
    }

    private static String nameOf(ASN1ObjectIdentifier type) {
        return SubjectField.ofOid(type)
                .map(SubjectField::shortName)
                .orElseGet(() -> {
                    String name = BCStyle.INSTANCE.oidToDisplayName(type);
                    return name == null ? type.getId() : name;
                });
    }

    private static String fromOpensslStyle(String text) {
        StringBuilder rfc = new StringBuilder();
        boolean escaped = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (escaped) {
                rfc.append(c == '/' ? "/" : "\\" + c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '/') {
                rfc.append(',');
            } else if (c == ',') {
                rfc.append("\\,");
            } else {
                rfc.append(c);
            }
        }
        return rfc.toString();
    }

    private static String reason(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Unknown object id")) {
            return "unknown attribute name";
        }
        return "it is not of the form NAME=value,NAME=value";
    }
}
