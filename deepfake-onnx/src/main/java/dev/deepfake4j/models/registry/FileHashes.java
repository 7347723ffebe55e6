package dev.deepfake4j.models.registry;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, as the registry pins and records them (lower-case hex). Stateless and thread-safe. */
final class FileHashes {
    private FileHashes() {
    }

    /** @return a fresh SHA-256 digest */
    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** @return the SHA-256 of the whole file, lower-case hex */
    static String sha256(Path file) throws DeepfakeException {
        return HexFormat.of().formatHex(digestOfPrefix(file, Long.MAX_VALUE).digest());
    }

    /**
     * @param bytes how many bytes from the start to hash (all of them when the file is shorter)
     * @return a digest fed with the file's first {@code bytes} bytes, to continue with the bytes that follow
     */
    static MessageDigest digestOfPrefix(Path file, long bytes) throws DeepfakeException {
        MessageDigest md = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long left = bytes;
            for (int n; left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; left -= n) {
                md.update(buf, 0, n);
            }
            return md;
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.NOT_READABLE, "Cannot read " + file + ": " + e.getMessage(), file,
                    e);
        }
    }
}
