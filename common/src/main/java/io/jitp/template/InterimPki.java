package io.jitp.template;

import java.io.IOException;
import java.io.StringReader;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import io.jitp.error.JitpException;

/**
 * TEMPORARY: the few PEM and certificate-id helpers the template engine needs until the PKI core
 * ({@code io.jitp.pki}, issue #2) lands on main; then this class is deleted in favour of it.
 */
final class InterimPki {

    private InterimPki() {
    }

    // TODO: replace with the io.jitp.pki PEM reader once issue #2 is merged (#2)
    static X509CertificateHolder readCertificate(String pem) {
        Object first = firstObject(pem, "certificate");
        if (first instanceof X509CertificateHolder certificate) {
            return certificate;
        }
        throw JitpException.invalid("certificate", "the PEM text does not start with a CERTIFICATE block",
                "give the device certificate (-----BEGIN CERTIFICATE-----)");
    }

    // TODO: replace with the io.jitp.pki CSR reader once issue #2 is merged (#2)
    static PKCS10CertificationRequest readCsr(String pem) {
        Object first = firstObject(pem, "CSR");
        if (first instanceof PKCS10CertificationRequest csr) {
            return csr;
        }
        throw JitpException.invalid("csr", "the PEM text does not start with a CERTIFICATE REQUEST block",
                "give the certificate signing request (-----BEGIN CERTIFICATE REQUEST-----)");
    }

    // TODO: replace with the io.jitp.pki certificate id once issue #2 is merged (#2)
    static String certificateId(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static Object firstObject(String pem, String what) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object first = parser.readObject();
            if (first == null) {
                throw JitpException.invalid(what, "no PEM block found in the " + what + " text",
                        "give a PEM file (-----BEGIN ...-----)");
            }
            return first;
        } catch (IOException | RuntimeException e) {
            if (e instanceof JitpException jitp) {
                throw jitp;
            }
            throw JitpException.invalid(what, "the " + what + " PEM cannot be read", "give an unmodified PEM file",
                    e);
        }
    }
}
