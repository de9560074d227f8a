package io.jitp.cli.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.jitp.error.JitpException;

/** Writes non-secret files (certificates) atomically, refusing to overwrite without {@code --force}. */
public final class PublicFiles {

    private PublicFiles() {
    }

    /** Writes {@code content} to {@code file}. */
    public static void write(Path file, byte[] content, boolean force, String option) {
        if (!force && Files.exists(file)) {
            throw JitpException.invalid(option, file + " exists", "give --force to overwrite it");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw JitpException.invalid(option, "cannot write " + file, "check the directory and permissions");
        }
    }
}
