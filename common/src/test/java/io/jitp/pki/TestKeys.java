package io.jitp.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Keys and CSRs jitp itself refuses to make, for rejection tests. */
final class TestKeys {

    private TestKeys() {
    }

    static KeyPair rsa1024() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSR signed with any JCA signature algorithm. */
    static Csr csr(KeyPair keyPair, String subject, String signatureAlgorithm) {
        try {
            byte[] der = new JcaPKCS10CertificationRequestBuilder(SubjectNames.parse(subject, "subject"),
                    keyPair.getPublic())
                    .build(new JcaContentSignerBuilder(signatureAlgorithm).build(keyPair.getPrivate()))
                    .getEncoded();
            return Csr.parse(der, "csr");
        } catch (OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
