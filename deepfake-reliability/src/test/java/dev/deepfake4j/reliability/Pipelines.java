package dev.deepfake4j.reliability;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.DecodeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The full default pipeline (FFmpeg, YuNet, OpenCV cropper, MesoNet-4 through the model registry) set up small, so
 * that reliability tests score many videos quickly.
 */
final class Pipelines {
    private Pipelines() {
    }

    /**
     * @param frames frames sampled per video
     * @param videoTimeout per-video limit
     * @return a detector with default components, 2 decoder threads, at most 2 videos at a time
     */
    static DeepfakeDetector detector(int frames, Duration videoTimeout) throws DeepfakeException {
        return DeepfakeDetector.builder()
                .sampler(FrameSampler.uniform(frames))
                .decodeOptions(DecodeOptions.builder().threads(2).build())
                .maxConcurrentVideos(2)
                .videoTimeout(videoTimeout)
                .build();
    }

    /** @return the resident set size of this JVM in kB, from {@code /proc/self/status} (Linux) */
    static long residentKb() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("no VmRSS line in /proc/self/status");
    }
}
