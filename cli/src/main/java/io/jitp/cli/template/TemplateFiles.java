package io.jitp.cli.template;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.jitp.error.JitpException;
import io.jitp.template.ProvisioningTemplate;
import io.jitp.template.TemplateCodec;

/** Reads and writes the files of the template commands, with one-line errors that name the file. */
final class TemplateFiles {

    private TemplateFiles() {
    }

    /** The text of a file, or a failure naming it. */
    static String read(Path file, String what) {
        requireFile(file, what);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw JitpException.invalid(file.toString(), "cannot read the " + what + ": " + file + " does not exist",
                    "check the path");
        } catch (CharacterCodingException e) {
            throw JitpException.invalid(file.toString(), "the " + what + " " + file + " is not UTF-8 text",
                    "give a UTF-8 text file", e);
        } catch (IOException e) {
            throw JitpException.invalid(file.toString(), "cannot read the " + what + " " + file + " ("
                    + e.getClass().getSimpleName() + ")", "check the path and its permissions", e);
        }
    }

    /** The bytes of a file, or a failure naming it. */
    static byte[] readBytes(Path file, String what) {
        requireFile(file, what);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw JitpException.invalid(file.toString(), "cannot read the " + what + ": " + file + " does not exist",
                    "check the path");
        } catch (IOException e) {
            throw JitpException.invalid(file.toString(), "cannot read the " + what + " " + file + " ("
                    + e.getClass().getSimpleName() + ")", "check the path and its permissions", e);
        }
    }

    private static void requireFile(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw JitpException.invalid(file.toString(), "cannot read the " + what + ": " + file + " is a directory",
                    "give the path of a file");
        }
    }

    /** The template in a file (any of the forms {@link TemplateCodec#read} accepts), validated. */
    static ProvisioningTemplate template(Path file) {
        String text = read(file, "template");
        try {
            return TemplateCodec.read(text);
        } catch (JitpException e) {
            throw new JitpException(e.reason(), file + ": " + e.getMessage(), e.field(), e.fix(), e.violations(),
                    e);
        }
    }

    /** Replaces a file's content atomically (a temporary file in the same directory, then a rename). */
    static void replace(Path file, String content) {
        Path target = file.toAbsolutePath();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw JitpException.invalid(file.toString(), "cannot write " + file + " (" + e.getClass().getSimpleName()
                    + ")", "check that the directory is writable", e);
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // The rename failed already; a stray temporary file is the lesser problem and is reported by the caller.
        }
    }
}
