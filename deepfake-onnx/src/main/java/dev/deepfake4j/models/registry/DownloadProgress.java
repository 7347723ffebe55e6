package dev.deepfake4j.models.registry;

/**
 * Told how a model download advances. Called on the thread that asked for the model, a few times a second and once
 * at the end; never called when nothing is downloaded (cache or mirror hit).
 */
@FunctionalInterface
public interface DownloadProgress {
    /** Ignores progress. */
    DownloadProgress NONE = (file, done, total) -> { };

    /**
     * @param fileName the file being downloaded
     * @param bytesDone bytes received so far
     * @param bytesTotal bytes expected (the registry entry's size)
     */
    void update(String fileName, long bytesDone, long bytesTotal);
}
