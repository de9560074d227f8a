package io.jitp.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

import io.jitp.error.JitpException;

/**
 * PEM and DER reading and writing. Every malformed input (garbage, truncated PEM, bad base64, bad ASN.1) ends
 * in a {@link JitpException} that says which of these it is; nothing from a parser leaks out.
 */
public final class Pem {

    private Pem() {
    }

    /** Encodes DER bytes as one PEM block of the given type, e.g. CERTIFICATE. */
    public static String encode(String type, byte[] der) {
        StringWriter text = new StringWriter(der.length * 4 / 3 + 80);
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** A certificate as PEM. */
    public static String encode(X509Certificate certificate) {
        return encode("CERTIFICATE", Certificates.der(certificate));
    }

    /**
     * The DER of the only PEM block of a file when it is of the given type and has no headers, decoded without
     * the general parser (the common case: a file openssl or jitp wrote); {@code null} otherwise, and the caller
     * falls back to {@link #readObjects}.
     */
    static byte[] singleBlock(byte[] content, String type) {
        String text = new String(content, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int start = text.indexOf(begin);
        int stop = text.indexOf(end);
        if (start < 0 || stop < start || text.indexOf("-----BEGIN ", start + 1) >= 0 || text.indexOf(':') >= 0) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), stop));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether the content looks like DER (an ASN.1 SEQUENCE) rather than PEM text. */
    static boolean looksLikeDer(byte[] content) {
        return content.length > 1 && content[0] == 0x30;
    }

    /**
     * Every object in a PEM text, as BouncyCastle parses them ({@code X509CertificateHolder},
     * {@code PKCS10CertificationRequest}, {@code PEMKeyPair}, {@code PrivateKeyInfo}…).
     *
     * @param what what the input should hold, for messages ("the CA certificate")
     * @param field the input at fault
     */
    static List<Object> readObjects(byte[] content, String what, String field) {
        String text = new String(content, StandardCharsets.US_ASCII);
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw malformed(text, what, field, e);
        }
        if (objects.isEmpty()) {
            throw JitpException.invalid(field, what + " contains no PEM block (no '-----BEGIN' line) and is not DER",
                    "give a PEM file such as openssl writes, or a DER file");
        }
        return objects;
    }

    /** Every certificate in a PEM text or DER file, in order. */
    public static List<X509Certificate> certificates(byte[] content, String what, String field) {
        if (looksLikeDer(content)) {
            return List.of(Certificates.fromDer(content, what, field));
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : readObjects(content, what, field)) {
            if (object instanceof X509CertificateHolder holder) {
                certificates.add(toCertificate(holder, what, field));
            }
        }
        if (certificates.isEmpty()) {
            throw JitpException.invalid(field, what + " holds no certificate (no CERTIFICATE block)",
                    "give the PEM certificate file, e.g. rootCA.pem");
        }
        return certificates;
    }

    /** The one certificate of a PEM text or DER file; extra blocks other than certificates are ignored. */
    public static X509Certificate certificate(byte[] content, String what, String field) {
        List<X509Certificate> certificates = certificates(content, what, field);
        if (certificates.size() > 1) {
            throw JitpException.invalid(field, what + " holds " + certificates.size()
                    + " certificates, expected one", "give a file with only that certificate");
        }
        return certificates.get(0);
    }

    static X509Certificate toCertificate(X509CertificateHolder holder, String what, String field) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw JitpException.invalid(field, what + " is not a valid X.509 certificate", null, e);
        }
    }

    private static JitpException malformed(String text, String what, String field, Exception e) {
        String reason = e.getMessage() == null ? "" : e.getMessage();
        if (reason.startsWith("unrecognised object: ")) {
            return JitpException.invalid(field, what + " holds a PEM block of a type jitp does not read ("
                    + reason.substring("unrecognised object: ".length()) + ")",
                    "give a CERTIFICATE, CERTIFICATE REQUEST or PRIVATE KEY file", e);
        }
        int begin = text.indexOf("-----BEGIN ");
        if (begin >= 0) {
            int typeEnd = text.indexOf("-----", begin + 11);
            String type = typeEnd > 0 ? text.substring(begin + 11, typeEnd) : "";
            if (!text.contains("-----END " + type + "-----")) {
                return JitpException.invalid(field, what + " is truncated: the '-----END " + type
                        + "-----' line is missing", "give the complete file", e);
            }
        }
        return JitpException.invalid(field, what + " is corrupt: a PEM block does not decode (bad base64 or ASN.1)",
                "give the file exactly as it was written, without edits", e);
    }
}
