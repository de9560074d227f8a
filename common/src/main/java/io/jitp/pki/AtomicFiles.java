package io.jitp.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.jitp.error.JitpException;
import io.jitp.error.Reason;

/**
 * Writes files so that a reader never sees half a file and a failure leaves nothing behind: each file is written
 * to a temporary file in the target directory, flushed to disk, then renamed over the target (or hard-linked to
 * it when overwriting is not allowed, so that an existing file is never replaced, even by a racing writer).
 * Several files are written as one {@link Batch}: all are staged before any is put in place.
 */
public final class AtomicFiles {

    /** rw------- : private keys, PKCS#12 bundles, anything secret. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** rw-r--r-- (less the umask): certificates, CSRs and other public files. */
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {
    }

    /** Writes one file atomically. */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions, boolean overwrite,
            String field) {
        Batch batch = new Batch(overwrite);
        batch.add(target, content, permissions, field);
        batch.commit();
    }

    /** Refuses, before any work is done, targets that exist when overwriting is not allowed. */
    public static void refuseExisting(Path target, boolean overwrite, String field) {
        if (target == null) {
            return;
        }
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new JitpException(Reason.CONFLICT, target + " already exists", field,
                    "choose another file name, remove it, or pass --force to overwrite it", null, null);
        }
        Path directory = target.toAbsolutePath().getParent();
        if (directory != null && !Files.isDirectory(directory)) {
            throw JitpException.invalid(field, "directory " + directory + " does not exist",
                    "create it first or write elsewhere");
        }
    }

    /** Several files written together: staged one by one, then all put in place. */
    public static final class Batch {
        private final boolean overwrite;
        private final List<Staged> staged = new ArrayList<>();

        /** @param overwrite whether existing targets may be replaced */
        public Batch(boolean overwrite) {
            this.overwrite = overwrite;
        }

        /** Stages a file; nothing is visible at the target yet. */
        public Batch add(Path target, byte[] content, Set<PosixFilePermission> permissions, String field) {
            try {
                refuseExisting(target, overwrite, field);
            } catch (JitpException e) {
                discard();
                throw e;
            }
            Path directory = target.toAbsolutePath().getParent();
            Path temporary = null;
            try {
                temporary = createTemporary(directory, target.getFileName().toString(), permissions);
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                staged.add(new Staged(target, temporary, field));
                return this;
            } catch (IOException e) {
                deleteQuietly(temporary);
                discard();
                throw cannotWrite(target, field, e);
            }
        }

        /**
         * Puts every staged file in place. If one fails, the files of this batch already put in place are removed
         * again when they did not exist before.
         */
        public void commit() {
            List<Path> created = new ArrayList<>();
            for (Staged file : staged) {
                try {
                    boolean existed = Files.exists(file.target);
                    place(file);
                    if (!existed) {
                        created.add(file.target);
                    }
                } catch (IOException | JitpException e) {
                    created.forEach(AtomicFiles::deleteQuietly);
                    discard();
                    throw e instanceof JitpException failure ? failure : cannotWrite(file.target, file.field, e);
                }
            }
            syncDirectories();
            staged.clear();
        }

        /** Removes every staged temporary file. */
        public void discard() {
            staged.forEach(file -> deleteQuietly(file.temporary));
            staged.clear();
        }

        private void place(Staged file) throws IOException {
            if (overwrite) {
                Files.move(file.temporary, file.target, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            try {
                Files.createLink(file.target, file.temporary);
                Files.delete(file.temporary);
            } catch (FileAlreadyExistsException e) {
                deleteQuietly(file.temporary);
                refuseExisting(file.target, false, file.field);
                throw e;
            } catch (UnsupportedOperationException | AccessDeniedException e) {
                // No hard links on this file system: check, then rename; a racing writer could slip in between.
                refuseExisting(file.target, false, file.field);
                Files.move(file.temporary, file.target, StandardCopyOption.ATOMIC_MOVE);
            }
        }

        private void syncDirectories() {
            staged.stream().map(file -> file.target.toAbsolutePath().getParent()).distinct().forEach(directory -> {
                try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
                    channel.force(true);
                } catch (IOException | UnsupportedOperationException ignored) {
                    // Best effort: not every platform can sync a directory.
                }
            });
        }
    }

    private record Staged(Path target, Path temporary, String field) {
    }

    private static Path createTemporary(Path directory, String name, Set<PosixFilePermission> permissions)
            throws IOException {
        Path temporary;
        try {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(permissions);
            temporary = Files.createTempFile(directory, "." + name + ".", ".tmp", mode);
        } catch (UnsupportedOperationException e) {
            return Files.createTempFile(directory, "." + name + ".", ".tmp");
        }
        if (permissions.equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(temporary, OWNER_ONLY);
        }
        return temporary;
    }

    private static JitpException cannotWrite(Path target, String field, Exception e) {
        String why = e instanceof NoSuchFileException ? "its directory does not exist"
                : e instanceof AccessDeniedException ? "permission denied"
                        : e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                                : e.getClass().getSimpleName();
        return new JitpException(Reason.INVALID_INPUT, "cannot write " + target + ": " + why, field,
                "check the path and its permissions", null, e);
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // Nothing more can be done; the temporary name starts with a dot and ends in .tmp.
        }
    }
}
