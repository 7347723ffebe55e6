package dev.deepfake4j.models.registry;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The state of one registry entry's cached file, from {@link ModelRegistry#verify()}. Immutable.
 *
 * @param entry the registry entry's name
 * @param file where the cached file is expected
 * @param status what was found there
 * @param expectedSha256 the SHA-256 the entry names
 * @param actualSha256 the file's SHA-256 (lower-case hex), or empty when it is missing
 */
public record VerificationResult(String entry, Path file, Status status, String expectedSha256,
        Optional<String> actualSha256) {

    /** What {@link ModelRegistry#verify()} found for an entry. */
    public enum Status {
        /** The file is cached and its checksum matches. */
        OK,
        /** No file in the cache (it will be fetched on first use). */
        MISSING,
        /** The file is cached but its checksum differs: delete it to fetch it again. */
        CORRUPT,
        /** The file is cached, but its entry is unpinned and no SHA-256 was recorded when it was fetched. */
        UNVERIFIED
    }
}
