package dev.deepfake4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes output files so that a reader never sees half of one: the text goes to a temporary file in the same
 * folder, flushed to disk ({@code fsync}), then renamed over the target in one step. A failure leaves the previous file (if any) intact.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes text through a {@link Writer}. */
    @FunctionalInterface
    interface Content {
        void writeTo(Writer w) throws IOException;
    }

    static void write(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    Writer w = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8))) {
                content.writeTo(w);
                w.flush();
                // On disk before the rename, so a power cut after it cannot leave an empty file in its place.
                channel.force(true);
            }
            try { // temp files are created owner-only; an output file should read like any other
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // keep the platform's default
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
