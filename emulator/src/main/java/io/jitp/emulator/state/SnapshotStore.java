package io.jitp.emulator.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.jitp.pki.AtomicFiles;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes state snapshots to {@code state.json} atomically (temporary file, fsync, rename) on one background
 * thread. Requests that arrive while a write is queued share it (group commit): a mutation's future completes
 * once a snapshot taken after the mutation is on disk.
 */
public final class SnapshotStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SnapshotStore.class);
    /** The snapshot file's name in the data directory. */
    public static final String FILE_NAME = "state.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Supplier<Snapshot> snapshots;
    private final ExecutorService writer;
    private CompletableFuture<Void> pending;

    /**
     * @param directory the data directory
     * @param snapshots takes a consistent snapshot
     */
    public SnapshotStore(Path directory, Supplier<Snapshot> snapshots) {
        this.file = directory.resolve(FILE_NAME);
        this.snapshots = snapshots;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "jitp-emulator-snapshot");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Reads the snapshot in a data directory, or {@code null} when there is none yet. */
    public static Snapshot read(Path directory) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        Snapshot snapshot;
        try {
            snapshot = JSON.readValue(file.toFile(), Snapshot.class);
        } catch (IOException e) {
            throw new IOException(file + " is not a readable emulator snapshot (" + e.getClass().getSimpleName()
                    + "): move it away to start empty", e);
        }
        if (snapshot.format() != Snapshot.FORMAT) {
            throw new IOException(file + " has snapshot format " + snapshot.format() + "; this build reads format "
                    + Snapshot.FORMAT);
        }
        return snapshot;
    }

    /** Asks for a snapshot; completes when one taken after this call is on disk. */
    public synchronized CompletableFuture<Void> requestWrite() {
        if (pending == null) {
            pending = new CompletableFuture<>();
            writer.execute(this::writeNow);
        }
        return pending;
    }

    private void writeNow() {
        CompletableFuture<Void> done;
        synchronized (this) {
            done = pending;
            pending = null;
        }
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(snapshots.get()), AtomicFiles.OWNER_ONLY, true, "dataDir");
            done.complete(null);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "snapshot write failed file=%s", file);
            done.completeExceptionally(e);
        }
    }

    /** Writes a last snapshot and stops the writer thread. */
    @Override
    public void close() {
        try {
            requestWrite().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.errorf(e, "last snapshot write failed file=%s", file);
        }
        writer.shutdown();
    }
}
