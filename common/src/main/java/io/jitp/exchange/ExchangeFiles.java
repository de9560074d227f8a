package io.jitp.exchange;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.jitp.error.JitpException;

/** Reads the device's files with a message that names the file and the option at fault. */
final class ExchangeFiles {

    private ExchangeFiles() {
    }

    static byte[] read(Path file, String field) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw JitpException.invalid(field, file + " does not exist", "give the path of an existing file", e);
        } catch (AccessDeniedException e) {
            throw JitpException.invalid(field, file + " cannot be read (permission denied)",
                    "run as the user that owns the device files, or fix the file's permissions", e);
        } catch (IOException e) {
            throw JitpException.invalid(field, file + " cannot be read", "check that it is a readable file", e);
        }
    }
}
