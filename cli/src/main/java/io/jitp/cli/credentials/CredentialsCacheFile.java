package io.jitp.cli.credentials;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import io.jitp.error.JitpException;
import io.jitp.exchange.TemporaryCredentials;
import io.jitp.pki.AtomicFiles;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Credentials cached between runs of {@code jitp credentials get}, one 0600 file per certificate, endpoint, alias
 * and thing in a 0700 directory: {@code $JITP_CACHE_DIR}, else {@code $XDG_CACHE_HOME/jitp/credentials}, else
 * {@code ~/.cache/jitp/credentials}. Written atomically; a lock file beside it lets one process at a time refresh,
 * so that an SDK starting several {@code credential_process} runs at once makes one upstream exchange. A renewed
 * certificate has another id, hence another file. A file that cannot be read is ignored (and replaced).
 */
final class CredentialsCacheFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path lock;
    private final DeviceOptions.CacheIdentity identity;

    /** The cached entry: who it belongs to and the credentials. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(int version, String certificateId, String endpoint, String roleAlias, String thingName,
            String accessKeyId, String secretAccessKey, String sessionToken, String expiration) {

        @Override
        public String toString() {
            return "Entry[certificateId=" + certificateId + ", accessKeyId=" + accessKeyId + ", expiration="
                    + expiration + ", secretAccessKey=***, sessionToken=***]";
        }
    }

    CredentialsCacheFile(Path directory, DeviceOptions.CacheIdentity identity) {
        this.identity = identity;
        String name = digest(identity.certificateId().value() + "\n" + identity.endpoint() + "\n"
                + identity.roleAlias() + "\n" + (identity.thingName() == null ? "" : identity.thingName()));
        this.file = directory.resolve(name + ".json");
        this.lock = directory.resolve(name + ".lock");
    }

    /** The directory of the cache: the option, {@code $JITP_CACHE_DIR}, XDG, or {@code ~/.cache}. */
    static Path directory(Path option) {
        if (option != null) {
            return option;
        }
        String explicit = System.getenv("JITP_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jitp").resolve("credentials");
    }

    Path path() {
        return file;
    }

    /** The cached credentials if they belong to the identity and have more than {@code margin} left. */
    Optional<TemporaryCredentials> read(Duration margin) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Entry entry = JSON.readValue(file.toFile(), Entry.class);
            if (!identity.certificateId().value().equals(entry.certificateId())
                    || !identity.roleAlias().equals(entry.roleAlias())) {
                return Optional.empty();
            }
            TemporaryCredentials credentials = new TemporaryCredentials(entry.accessKeyId(),
                    entry.secretAccessKey(), entry.sessionToken(), Instant.parse(entry.expiration()));
            return credentials.validFor(margin, Instant.now()) ? Optional.of(credentials) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether this certificate got credentials here before (its cache file exists, even expired). */
    boolean seenBefore() {
        return Files.isRegularFile(file);
    }

    /** Writes the credentials, 0600, atomically. */
    void write(TemporaryCredentials credentials) {
        Entry entry = new Entry(1, identity.certificateId().value(), identity.endpoint(), identity.roleAlias(),
                identity.thingName(), credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken(), credentials.expiration().toString());
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(entry), AtomicFiles.OWNER_ONLY, true, "--cache-dir");
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the cache entry", e);
        }
    }

    /** Removes the cached credentials. */
    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw JitpException.invalid("--cache-dir", "cannot remove " + file, "check the directory's permissions",
                    e);
        }
    }

    /** Takes the refresh lock (blocking until another process is done), creating the 0700 directory. */
    FileLock lock() {
        try {
            Path directory = file.getParent();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return channel.lock();
        } catch (IOException e) {
            throw JitpException.invalid("--cache-dir", "cannot use the credentials cache in " + file.getParent(),
                    "give a writable directory with --cache-dir (or JITP_CACHE_DIR), or pass --no-cache", e);
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
