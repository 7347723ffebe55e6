package dev.deepfake4j.models.registry;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model cache folder ({@link RegistryConfig#cacheDir()}): where an entry's file lives, how a new file enters
 * it (a {@code <file>.part} beside the target, fsync, atomic rename, so a reader sees the whole file or none), the
 * trust-on-first-use {@code <file>.sha256} sidecars of unpinned entries, checksum checks and {@link #verify}.
 * Writers hold {@link #lock(Path)}, which also excludes other processes using the same folder.
 *
 * <p>Thread-safe. Remembers which files it has verified (by size and modification time) so repeated resolves do
 * not hash them again.
 */
final class ModelCache {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);

    private final Path dir;
    private final Map<Path, String> verified = new ConcurrentHashMap<>();

    /** @param dir the cache folder; created when the first file is stored */
    ModelCache(Path dir) {
        this.dir = dir;
    }

    /** @return the cache folder */
    Path dir() {
        return dir;
    }

    /** @return where the entry's published file is cached */
    Path fileOf(RegistryEntry entry) {
        return dir.resolve(entry.fileName());
    }

    /** @return where the entry's imported ONNX model is cached: {@code <name>.onnx} */
    Path importedFileOf(RegistryEntry entry) {
        return dir.resolve(entry.name() + ".onnx");
    }

    /** @return the partial file a download or import of {@code target} writes before the rename */
    static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /**
     * @param target a cache file
     * @return the held writer's lock for it (see {@link CacheLock})
     */
    CacheLock lock(Path target) throws DeepfakeException {
        return CacheLock.acquire(target);
    }

    /**
     * @return the entry's cached file after checking its SHA-256, or empty when it is not cached
     * @throws DeepfakeException {@link ErrorCode#CHECKSUM_MISMATCH} when it differs from the pinned or recorded one
     *         (or an unpinned file has no record)
     */
    Optional<Path> findVerified(RegistryEntry entry) throws DeepfakeException {
        Path cached = fileOf(entry);
        if (!Files.isRegularFile(cached)) {
            return Optional.empty();
        }
        checkSum(entry, cached, "cached", expectedSha256(entry, cached));
        return Optional.of(cached);
    }

    /**
     * Checks a file (cached or mirrored) against a SHA-256.
     *
     * @param where how the message names the file's place, e.g. {@code mirrored}
     * @param expected the SHA-256 it must have, or null when none is known
     */
    void checkSum(RegistryEntry entry, Path file, String where, String expected) throws DeepfakeException {
        if (expected == null) {
            throw new DeepfakeException(ErrorCode.CHECKSUM_MISMATCH, "The " + where + " file " + file + " for model '"
                    + entry.name() + "' has no recorded sha256 (" + sidecar(file).getFileName() + " is missing), so"
                    + " it cannot be verified; delete it to fetch the model again", file, null);
        }
        String known = verified.get(file);
        if (known != null && known.equals(stamp(file))) {
            return;
        }
        String actual = FileHashes.sha256(file);
        if (!actual.equals(expected)) {
            throw new DeepfakeException(ErrorCode.CHECKSUM_MISMATCH, "The " + where + " file " + file + " for model '"
                    + entry.name() + "' has sha256 " + actual + " but " + (entry.isPinned() ? "the registry expects "
                    : "its first download recorded ") + expected + "; delete it to fetch the model again", file, null);
        }
        remember(file);
    }

    /**
     * Moves a complete, verified partial file to its place; for an unpinned entry first records its SHA-256 in the
     * sidecar (trust on first use). Call while holding {@link #lock(Path)} for {@code target}.
     *
     * @param part the partial file, in the cache folder
     * @param sha256 its SHA-256 (as the downloader verified it)
     */
    void store(RegistryEntry entry, Path part, Path target, String sha256) throws DeepfakeException {
        try {
            if (!entry.isPinned()) {
                // the sidecar goes first: a reader that sees the model must be able to check it
                writeAtomically(sidecar(target), (sha256 + "\n").getBytes(StandardCharsets.US_ASCII));
                LOG.warn("Model {} has no published checksum; recorded sha256 {} ({} bytes) on first download and will"
                        + " verify it from now on. Pin it with a registry entry that names this sha256.", entry.name(),
                        sha256, Files.size(part));
            }
            moveDurably(part, target);
            remember(target);
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot store " + target.getFileName() + " in " + dir
                    + ": " + e.getMessage() + "; check that the folder is writable and has space", target, e);
        }
    }

    /**
     * Writes bytes to {@code target} through {@code <target>.part}, fsync and atomic rename. Call while holding
     * {@link #lock(Path)} for {@code target}.
     */
    void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path part = partOf(target);
        boolean moved = false;
        try {
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                out.force(true);
            }
            moveDurably(part, target);
            moved = true;
        } finally {
            if (!moved) {
                deleteQuietly(part);
            }
        }
    }

    /**
     * Checks every entry's cached file against its SHA-256; touches neither mirror nor network.
     *
     * @return one result per entry, in entry order
     */
    List<VerificationResult> verify(List<RegistryEntry> entries) throws DeepfakeException {
        List<VerificationResult> results = new ArrayList<>();
        for (RegistryEntry e : entries) {
            Path file = fileOf(e);
            String expected = expectedSha256(e, file);
            if (!Files.isRegularFile(file)) {
                results.add(new VerificationResult(e.name(), file, VerificationResult.Status.MISSING, expected,
                        Optional.empty()));
                continue;
            }
            String actual = FileHashes.sha256(file);
            VerificationResult.Status status = expected == null ? VerificationResult.Status.UNVERIFIED
                    : actual.equals(expected) ? VerificationResult.Status.OK : VerificationResult.Status.CORRUPT;
            results.add(new VerificationResult(e.name(), file, status, expected, Optional.of(actual)));
        }
        return results;
    }

    /** @return the SHA-256 a cached file must have: the entry's, or for an unpinned entry the one recorded */
    static String expectedSha256(RegistryEntry entry, Path cachedFile) throws DeepfakeException {
        if (entry.isPinned()) {
            return entry.sha256();
        }
        Path recorded = sidecar(cachedFile);
        if (!Files.isRegularFile(recorded)) {
            return null;
        }
        try {
            String text = Files.readString(recorded).trim().toLowerCase(Locale.ROOT);
            return text.matches("[0-9a-f]{64}") ? text : "(unreadable record in " + recorded + ")";
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, "Cannot read " + recorded + ": " + e.getMessage(),
                    recorded, e);
        }
    }

    private static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    private void remember(Path file) {
        verified.put(file, stamp(file));
    }

    private static String stamp(Path file) {
        try {
            FileTime t = Files.getLastModifiedTime(file);
            return Files.size(file) + "@" + t.toMillis();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Renames within the folder, then syncs the folder so the new name survives a crash. */
    private static void moveDurably(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // same folder, so this happens only on exotic file systems; a plain rename is the best left
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel folder = FileChannel.open(to.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // some platforms (Windows) cannot open a folder; the rename itself is still atomic there
            LOG.debug("Cannot sync folder {}: {}", to.getParent(), e.toString());
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Cannot delete temporary file {}: {}", p, e.toString());
        }
    }
}
