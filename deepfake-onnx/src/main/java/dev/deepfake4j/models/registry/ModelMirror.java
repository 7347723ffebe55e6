package dev.deepfake4j.models.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only mirror folder ({@link RegistryConfig#mirror()}), searched recursively by file name: a shared drive
 * or a copy of the release files on a machine without internet. Files are used in place, never written. Stateless
 * and thread-safe.
 */
final class ModelMirror {
    private static final Logger LOG = LoggerFactory.getLogger(ModelMirror.class);
    /** Deep enough for any sensible layout, bounded against link cycles. */
    private static final int MAX_DEPTH = 32;

    private final Optional<Path> root;

    ModelMirror(Optional<Path> root) {
        this.root = root;
    }

    /** @return the first file of that name under the mirror (in path order), if any */
    Optional<Path> find(String fileName) {
        if (root.isEmpty()) {
            return Optional.empty();
        }
        if (!Files.isDirectory(root.get())) {
            LOG.warn("Model mirror {} ({}) is not a folder; ignoring it", root.get(), RegistryConfig.MIRROR_ENV);
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(root.get(), MAX_DEPTH, FileVisitOption.FOLLOW_LINKS)) {
            return files.filter(p -> p.getFileName() != null && p.getFileName().toString().equals(fileName))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .findFirst();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot search model mirror {}: {}", root.get(), e.toString());
            return Optional.empty();
        }
    }
}
