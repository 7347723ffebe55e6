package dev.deepfake4j.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the same small clip hundreds of times in one JVM and watches resident memory ({@code VmRSS}): after
 * warm-up (natives loaded, ONNX Runtime arenas and FFmpeg/OpenCV pools grown) it must stay flat. The fork runs with
 * a fixed, pre-touched heap ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}), so heap growth cannot pass for a
 * leak or hide one. {@code -Ddeepfake4j.soak.videos=N} runs longer (the curve in docs/reliability.md).
 */
class NativeMemorySoakIT {
    private static final Logger LOG = LoggerFactory.getLogger(NativeMemorySoakIT.class);
    private static final int WARM_UP = 50;
    /** Allowed growth after warm-up. A leak of one 640x360 BGR frame per video is 0.7 MB x 150 = 100 MB. */
    private static final long BOUND_KB = 48 * 1024;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void residentMemoryIsFlatAfterWarmUp() throws Exception {
        int videos = Integer.getInteger("deepfake4j.soak.videos", 200);
        int every = Math.max(10, videos / 20);
        Path clip = TestAssets.require("videos/general/face_recognition_short_hamilton_clip.mp4");
        List<long[]> curve = new ArrayList<>();
        long atWarmUp = 0;
        long peakAfter = 0;
        try (DeepfakeDetector detector = Pipelines.detector(4, Duration.ofMinutes(1))) {
            curve.add(new long[] {0, Pipelines.residentKb()});
            for (int i = 1; i <= videos; i++) {
                assertThat(detector.analyze(clip).facesFound()).isTrue();
                long rss = Pipelines.residentKb();
                if (i == WARM_UP) {
                    atWarmUp = rss;
                } else if (i > WARM_UP) {
                    peakAfter = Math.max(peakAfter, rss);
                }
                if (i % every == 0) {
                    curve.add(new long[] {i, rss});
                }
            }
        }
        StringBuilder table = new StringBuilder("\n| videos | VmRSS (MB) |\n|---:|---:|\n");
        for (long[] point : curve) {
            table.append(String.format(Locale.ROOT, "| %d | %.1f |%n", point[0], point[1] / 1024.0));
        }
        LOG.info("Resident memory while scoring {} videos (uniform(4) of {}):{}", videos, clip.getFileName(), table);
        assertThat(peakAfter - atWarmUp).as("VmRSS growth after %d videos, kB (at warm-up %d kB)", WARM_UP, atWarmUp)
                .isLessThan(BOUND_KB);
    }
}
