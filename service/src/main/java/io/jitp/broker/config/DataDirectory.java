package io.jitp.broker.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The broker's data directory ({@code jitp.data-dir}) and the one way files with secrets are written there:
 * created 0600 before any byte is written, to a temporary name, then renamed into place atomically.
 */
@ApplicationScoped
public class DataDirectory {

    private final Path root;

    public DataDirectory(BrokerConfig config) {
        this.root = config.dataDir().toAbsolutePath().normalize();
    }

    /** The data directory, created 0700 if missing. */
    public Path root() {
        return ensureDirectory(root);
    }

    /** A path inside the data directory (the directory itself is created). */
    public Path resolve(String name) {
        return root().resolve(name);
    }

    /**
     * Creates a directory (and its missing parents) with mode 0700 where the file system supports it: created with
     * that mode, so it is never readable by others even for a moment (the umask only takes permissions away), then
     * set again in case the umask took the owner's. An existing directory is left as it is.
     */
    public static Path ensureDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                } else {
                    Files.createDirectories(dir);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir, e);
        }
    }

    /**
     * Writes a secret file with mode 0600, atomically; an existing file is only replaced when {@code replace}.
     *
     * @return {@code false} when the file existed and was kept
     */
    public static boolean writeSecret(Path file, byte[] content, boolean replace) {
        try {
            ensureDirectory(file.toAbsolutePath().getParent());
            if (!replace && Files.exists(file)) {
                return false;
            }
            Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(temp);
            if (Files.getFileAttributeView(file.getParent(), PosixFileAttributeView.class) != null) {
                Files.createFile(temp,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temp);
            }
            Files.write(temp, content);
            if (replace) {
                move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    // A hard link fails when the name exists (rename would replace it): the first writer wins.
                    Files.createLink(file, temp);
                } catch (FileAlreadyExistsException e) {
                    return false;
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void move(Path from, Path to, StandardCopyOption... options) throws IOException {
        StandardCopyOption[] atomic = new StandardCopyOption[options.length + 1];
        System.arraycopy(options, 0, atomic, 0, options.length);
        atomic[options.length] = StandardCopyOption.ATOMIC_MOVE;
        try {
            Files.move(from, to, atomic);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, options);
        }
    }
}
