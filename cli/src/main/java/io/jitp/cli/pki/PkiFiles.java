package io.jitp.cli.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

import io.jitp.error.JitpException;
import io.jitp.pki.CertificateAuthority;
import io.jitp.pki.KeyFiles;
import io.jitp.pki.Pem;

/** Reading the input files of the pki commands, with errors that name the option to fix. */
final class PkiFiles {

    private PkiFiles() {
    }

    /** The bytes of an input file. */
    static byte[] read(Path path, String option) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw JitpException.invalid(option, path + " does not exist", "check the path given to " + option, e);
        } catch (IOException e) {
            throw JitpException.invalid(option, "cannot read " + path, "check the path and its permissions", e);
        }
    }

    /**
     * The password in a file: its first line, without the line end (what openssl's {@code -passin file:} reads).
     * {@code /dev/stdin} reads it from a pipe. {@code null} when no file is given.
     */
    static char[] password(Path file) {
        if (file == null) {
            return null;
        }
        byte[] content = read(file, "--password-file");
        try {
            int end = 0;
            while (end < content.length && content[end] != '\n' && content[end] != '\r') {
                end++;
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content, 0, end));
            char[] password = new char[chars.remaining()];
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            if (password.length == 0) {
                throw JitpException.invalid("--password-file", "the password file " + file + " is empty",
                        "write the password on its first line");
            }
            return password;
        } catch (CharacterCodingException e) {
            throw JitpException.invalid("--password-file", "the password file " + file + " is not UTF-8 text",
                    "write the password as UTF-8 text", e);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** Loads the CA of --ca-cert and --ca-key. */
    static CertificateAuthority loadCa(Path certificate, Path key, char[] password) {
        byte[] certificateBytes = read(certificate, "--ca-cert");
        byte[] keyBytes = read(key, "--ca-key");
        try {
            var caCertificate = attribute("--ca-cert",
                    () -> Pem.certificate(certificateBytes, "the CA certificate " + certificate, "caCertificate"));
            var caKey = attribute("--ca-key", () -> KeyFiles.parse(keyBytes, password, "caKey").key());
            return attributeCa(() -> CertificateAuthority.of(caCertificate, caKey));
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
        }
    }

    /** Runs a step and attributes its failure to a command-line option. */
    static <T> T attribute(String option, Supplier<T> step) {
        try {
            return step.get();
        } catch (JitpException e) {
            throw e.field() == null || !e.violations().isEmpty() ? e : e.withField(option);
        }
    }

    private static CertificateAuthority attributeCa(Supplier<CertificateAuthority> step) {
        try {
            return step.get();
        } catch (JitpException e) {
            throw "caKey".equals(e.field()) ? e.withField("--ca-key") : e.withField("--ca-cert");
        }
    }
}
