package dev.deepfake4j.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a text file all at once or not at all: into a hidden temporary file beside the target, flushed to disk,
 * then renamed over the target in one step. A reader (or a crash, or a failure while writing) sees the old file or
 * the whole new one, never half a file; on failure the temporary file is removed and the target is untouched.
 */
final class AtomicFile {
    /** Writes the content; may throw. */
    @FunctionalInterface
    interface Body {
        void writeTo(Writer w) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * @param target the file to replace or create
     * @param body writes the whole content
     * @throws IOException when writing or renaming fails (the target is then unchanged)
     */
    static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path tmp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    Writer w = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
                body.writeTo(w);
                w.flush();
                // On disk before the rename, so a power cut after it cannot leave an empty file in its place.
                channel.force(true);
            }
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
