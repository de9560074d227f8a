package io.jitp.broker.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * The H2 file system of the embedded database ({@code jdbc:h2:jitp-owner-only:…}): H2's own disk files, except that
 * every file H2 creates (the database, trace and temporary files) is created 0600 and every directory 0700, before
 * a byte is written, whatever the process's umask. The umask can only take permissions away, so creating with
 * these modes and setting them again afterwards gives exactly owner-only.
 */
public class OwnerOnlyFilePath extends FilePathWrapper {

    /** The scheme of the JDBC URL. */
    public static final String SCHEME = "jitp-owner-only";

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    static {
        FilePath.register(new OwnerOnlyFilePath());
    }

    /** Makes sure the scheme is known to H2 (registration happens once, when this class loads). */
    public static void register() {
        // The static initializer does the work.
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public boolean createFile() {
        return createOwnerOnly(path());
    }

    @Override
    public void createDirectory() {
        Path dir = path();
        try {
            if (posix(dir.getParent())) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                Files.setPosixFilePermissions(dir, DIRECTORY);
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // H2 asks for directories that may exist.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir, e);
        }
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        if (mode.contains("w")) {
            createOwnerOnly(path());
        }
        return super.open(mode);
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        createOwnerOnly(path());
        return super.newOutputStream(append);
    }

    @Override
    public FilePath createTempFile(String suffix, boolean inTempDir) throws IOException {
        FilePath temp = super.createTempFile(suffix, inTempDir);
        Path file = Path.of(temp.unwrap().toString());
        if (posix(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
        return temp;
    }

    private Path path() {
        String name = getBase().toString();
        return Path.of(name.startsWith("file:") ? name.substring("file:".length()) : name);
    }

    private static boolean createOwnerOnly(Path file) {
        try {
            if (posix(file.getParent())) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                Files.setPosixFilePermissions(file, FILE);
            } else {
                Files.createFile(file);
            }
            return true;
        } catch (FileAlreadyExistsException | NoSuchFileException e) {
            // Exists already, or its directory does not: H2 reports the latter itself.
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    private static boolean posix(Path path) {
        Path existing = path == null ? Path.of(".") : path;
        return Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    }
}
