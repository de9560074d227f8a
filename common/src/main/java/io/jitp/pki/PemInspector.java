package io.jitp.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import io.jitp.error.JitpException;

/** Describes the certificates, CSRs and keys in a file. */
public final class PemInspector {

    private static final Map<ASN1ObjectIdentifier, String> EXTENSION_NAMES = Map.of(Extension.basicConstraints,
            "basicConstraints", Extension.keyUsage, "keyUsage", Extension.extendedKeyUsage, "extendedKeyUsage",
            Extension.subjectKeyIdentifier, "subjectKeyIdentifier", Extension.authorityKeyIdentifier,
            "authorityKeyIdentifier", Extension.subjectAlternativeName, "subjectAltName",
            Extension.cRLDistributionPoints, "crlDistributionPoints", Extension.authorityInfoAccess,
            "authorityInfoAccess", Extension.certificatePolicies, "certificatePolicies");
    private static final String[] KEY_USAGES = {"digitalSignature", "nonRepudiation", "keyEncipherment",
            "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
    private static final int[] KEY_USAGE_BITS = {KeyUsage.digitalSignature, KeyUsage.nonRepudiation,
            KeyUsage.keyEncipherment, KeyUsage.dataEncipherment, KeyUsage.keyAgreement, KeyUsage.keyCertSign,
            KeyUsage.cRLSign, KeyUsage.encipherOnly, KeyUsage.decipherOnly};
    private static final Map<KeyPurposeId, String> PURPOSES = Map.of(KeyPurposeId.id_kp_clientAuth, "clientAuth",
            KeyPurposeId.id_kp_serverAuth, "serverAuth", KeyPurposeId.id_kp_codeSigning, "codeSigning",
            KeyPurposeId.id_kp_emailProtection, "emailProtection", KeyPurposeId.id_kp_OCSPSigning, "OCSPSigning",
            KeyPurposeId.id_kp_timeStamping, "timeStamping");

    private PemInspector() {
    }

    /**
     * Describes every object in a PEM file, or the certificate or CSR in a DER file.
     *
     * @param password the password of an encrypted private key, or {@code null} to report it as encrypted only
     */
    public static Inspection inspect(byte[] content, char[] password, String field) {
        if (Pem.looksLikeDer(content)) {
            return new Inspection(List.of(inspectDer(content, field)));
        }
        List<Inspection.Item> items = new ArrayList<>();
        for (Object object : Pem.readObjects(content, "the file", field)) {
            Inspection.Item item = describe(object, password, field);
            if (item != null) {
                items.add(item);
            }
        }
        if (items.isEmpty()) {
            throw JitpException.invalid(field, "the file holds no certificate, CSR or key",
                    "give a PEM certificate, CSR or private key");
        }
        return new Inspection(items);
    }

    private static Inspection.Item inspectDer(byte[] content, String field) {
        try {
            return certificate(new X509CertificateHolder(content));
        } catch (IOException | RuntimeException notCertificate) {
            try {
                return csr(Csr.parse(content, field));
            } catch (JitpException notCsr) {
                throw JitpException.invalid(field, "the DER file is neither a certificate nor a CSR",
                        "give a PEM or DER certificate, CSR or private key");
            }
        }
    }

    private static Inspection.Item describe(Object object, char[] password, String field) {
        if (object instanceof X509CertificateHolder holder) {
            return certificate(holder);
        }
        if (object instanceof PKCS10CertificationRequest request) {
            return csr(Csr.parse(encoded(request), field));
        }
        if (object instanceof SubjectPublicKeyInfo key) {
            return new Inspection.Item("public-key", null, null, null, null, null, KeyType.describe(key), null, null,
                    null, null, null, null, null, null, null, null);
        }
        boolean encrypted = object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair;
        if (encrypted && (password == null || password.length == 0)) {
            String format = object instanceof PEMEncryptedKeyPair ? KeyFiles.Format.ENCRYPTED_LEGACY.label()
                    : KeyFiles.Format.ENCRYPTED_PKCS8.label();
            return new Inspection.Item("private-key", null, null, null, null, null, null, null, null, null, null,
                    format, true, "give the password to see the key type", null, null, null);
        }
        if (encrypted || object instanceof PEMKeyPair || object instanceof PrivateKeyInfo) {
            KeyFiles.LoadedKey key = KeyFiles.toKey(object, password, field);
            return new Inspection.Item("private-key", null, null, null, null, null, privateKeyType(key), null, null,
                    null, null, key.format().label(), key.format().encrypted(), null, null, null, null);
        }
        return null;
    }

    private static Inspection.Item certificate(X509CertificateHolder holder) {
        byte[] der = CertificateProfiles.der(holder);
        X509Certificate certificate = Certificates.fromDer(der, "the certificate", "file");
        CertificateId id = CertificateId.of(der);
        Map<String, String> parameters = parameters(holder.getSubject());
        parameters.put("AWS::IoT::Certificate::Id", id.value());
        return new Inspection.Item("certificate", holder.getSubject().toString(), holder.getIssuer().toString(),
                colonHex(holder.getSerialNumber()), instant(holder.getNotBefore().toInstant()),
                instant(holder.getNotAfter().toInstant()), KeyType.describe(holder.getSubjectPublicKeyInfo()),
                new DefaultAlgorithmNameFinder().getAlgorithmName(holder.getSignatureAlgorithm()),
                Certificates.isCa(certificate), holder.getSubject().equals(holder.getIssuer()), null, null, null, null,
                extensions(holder.getExtensions()), id.value(), parameters);
    }

    private static Inspection.Item csr(Csr csr) {
        return new Inspection.Item("csr", csr.subject().toString(), null, null, null, null, csr.keyDescription(),
                csr.signatureAlgorithmName(), null, null, csr.signatureVerifies(), null, null,
                "AWS::IoT::Certificate::Id is known once the certificate is issued",
                extensions(requestedExtensions(csr.request())), null, parameters(csr.subject()));
    }

    private static Map<String, String> parameters(X500Name subject) {
        Map<String, String> parameters = new LinkedHashMap<>();
        SubjectField.readAll(subject).forEach((field, value) -> parameters.put(field.jitpParameter(), value));
        return parameters;
    }

    private static Extensions requestedExtensions(PKCS10CertificationRequest request) {
        return Arrays.stream(request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest))
                .map(attribute -> Extensions.getInstance(attribute.getAttrValues().getObjectAt(0)))
                .findFirst()
                .orElse(null);
    }

    private static List<Inspection.ExtensionInfo> extensions(Extensions extensions) {
        if (extensions == null) {
            return List.of();
        }
        List<Inspection.ExtensionInfo> list = new ArrayList<>();
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            Extension extension = extensions.getExtension(oid);
            list.add(new Inspection.ExtensionInfo(EXTENSION_NAMES.getOrDefault(oid, oid.getId()),
                    extension.isCritical(), value(oid, extension.getParsedValue())));
        }
        return list;
    }

    private static String value(ASN1ObjectIdentifier oid, ASN1Encodable value) {
        try {
            if (Extension.basicConstraints.equals(oid)) {
                BasicConstraints constraints = BasicConstraints.getInstance(value);
                BigInteger length = constraints.getPathLenConstraint();
                return constraints.isCA() ? "CA:TRUE" + (length == null ? "" : ", pathlen:" + length) : "CA:FALSE";
            }
            if (Extension.keyUsage.equals(oid)) {
                return keyUsage(KeyUsage.getInstance(value));
            }
            if (Extension.extendedKeyUsage.equals(oid)) {
                return Arrays.stream(ExtendedKeyUsage.getInstance(value).getUsages())
                        .map(purpose -> PURPOSES.getOrDefault(purpose, purpose.toOID().getId()))
                        .collect(Collectors.joining(", "));
            }
            if (Extension.subjectKeyIdentifier.equals(oid)) {
                return colonHex(SubjectKeyIdentifier.getInstance(value).getKeyIdentifier());
            }
            if (Extension.authorityKeyIdentifier.equals(oid)) {
                byte[] keyId = AuthorityKeyIdentifier.getInstance(value).getKeyIdentifier();
                return keyId == null ? "(no key identifier)" : "keyid:" + colonHex(keyId);
            }
            if (Extension.subjectAlternativeName.equals(oid)) {
                return Arrays.stream(GeneralNames.getInstance(value).getNames())
                        .map(PemInspector::generalName)
                        .collect(Collectors.joining(", "));
            }
            return "DER:" + HexFormat.of().formatHex(value.toASN1Primitive().getEncoded());
        } catch (IOException | RuntimeException e) {
            return "(malformed)";
        }
    }

    private static String keyUsage(KeyUsage usage) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < KEY_USAGE_BITS.length; i++) {
            if (usage.hasUsages(KEY_USAGE_BITS[i])) {
                names.add(KEY_USAGES[i]);
            }
        }
        return String.join(", ", names);
    }

    private static String generalName(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> "DNS:" + name.getName();
            case GeneralName.iPAddress -> "IP:" + HexFormat.of().formatHex(
                    ASN1OctetString.getInstance(name.getName()).getOctets());
            case GeneralName.uniformResourceIdentifier -> "URI:" + name.getName();
            case GeneralName.rfc822Name -> "email:" + name.getName();
            default -> name.toString();
        };
    }

    private static String privateKeyType(KeyFiles.LoadedKey key) {
        return KeyType.describe(key.key());
    }

    private static String colonHex(BigInteger value) {
        return colonHex(value.toByteArray());
    }

    private static String colonHex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
    }

    private static String instant(Instant instant) {
        return instant.toString();
    }

    private static byte[] encoded(PKCS10CertificationRequest request) {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a parsed CSR", e);
        }
    }
}
