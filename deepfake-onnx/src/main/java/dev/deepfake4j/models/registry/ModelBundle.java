package dev.deepfake4j.models.registry;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models that travel inside a jar: class-path resources {@value #PREFIX}{@code <fileName>}, named as the entry's
 * {@linkplain RegistryEntry#fileName() file name}. {@code dev.deepfake4j:deepfake-default-models} puts the two
 * default models there. Only pinned entries are looked up: a bundled copy is checked against the entry's size and
 * SHA-256 as it is copied into the cache, and an unpinned entry has nothing to check it against. Resources are
 * read, never written. Stateless and thread-safe.
 */
final class ModelBundle {
    private static final Logger LOG = LoggerFactory.getLogger(ModelBundle.class);

    /** The class-path folder of bundled models. */
    static final String PREFIX = "dev/deepfake4j/models/bundled/";

    private final ClassLoader loader;

    /** @param loader where resources are looked up, or null for none (no bundled step) */
    ModelBundle(ClassLoader loader) {
        this.loader = loader;
    }

    /** @return the bundled copy of the entry's file, if the class path has one and the entry is pinned */
    Optional<URL> find(RegistryEntry entry) {
        if (loader == null || !entry.isPinned()) {
            return Optional.empty();
        }
        return Optional.ofNullable(loader.getResource(PREFIX + entry.fileName()));
    }

    /**
     * Copies a bundled resource to {@code part} (created or truncated, then synced), checking it against the
     * entry's size and SHA-256 on the way. Call while holding the cache's lock for the target of {@code part}.
     *
     * @param resource as {@link #find} gave it
     * @param part the partial file in the cache folder
     * @return the SHA-256 of the copied bytes (the entry's)
     * @throws DeepfakeException {@link ErrorCode#CHECKSUM_MISMATCH} naming the resource when its bytes differ from
     *         the entry's; {@link ErrorCode#NOT_READABLE} when the resource cannot be read; {@link ErrorCode#IO_FAILURE}
     *         when the partial file cannot be written. On failure {@code part} may remain; the caller deletes it.
     */
    String copy(RegistryEntry entry, URL resource, Path part) throws DeepfakeException {
        MessageDigest md = FileHashes.newSha256();
        long bytes = 0;
        try {
            Files.createDirectories(part.getParent());
        } catch (IOException e) {
            throw ioFailure(part, e);
        }
        try (InputStream in = open(resource);
                FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(ch);
            byte[] buf = new byte[1 << 16];
            for (int n; (n = read(in, buf, resource)) > 0; bytes += n) {
                md.update(buf, 0, n);
                out.write(buf, 0, n);
            }
            ch.force(true);
        } catch (IOException e) {
            throw ioFailure(part, e);
        }
        String sha256 = HexFormat.of().formatHex(md.digest());
        if (!sha256.equals(entry.sha256()) || bytes != entry.sizeBytes()) {
            throw new DeepfakeException(ErrorCode.CHECKSUM_MISMATCH, "The bundled model " + resource + " for '"
                    + entry.name() + "' has sha256 " + sha256 + " (" + bytes + " bytes) but the registry expects "
                    + entry.sha256() + " (" + entry.sizeBytes() + " bytes); the jar that holds it is damaged or"
                    + " not the one this version of deepfake4j ships: replace it, or remove it from the class path"
                    + " to use the cache, mirror or download");
        }
        LOG.debug("Bundled model {} checked: {} bytes, sha256 {}", resource, bytes, sha256);
        return sha256;
    }

    private static InputStream open(URL resource) throws DeepfakeException {
        try {
            return resource.openStream();
        } catch (IOException e) {
            throw notReadable(resource, e);
        }
    }

    private static int read(InputStream in, byte[] buf, URL resource) throws DeepfakeException {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw notReadable(resource, e);
        }
    }

    private static DeepfakeException notReadable(URL resource, IOException e) {
        return new DeepfakeException(ErrorCode.NOT_READABLE, "Cannot read the bundled model " + resource + ": "
                + e.getMessage(), e);
    }

    private static DeepfakeException ioFailure(Path part, IOException e) {
        return new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot copy a bundled model into " + part.getParent()
                + ": " + e.getMessage() + "; check that the folder is writable and has space", part, e);
    }
}
