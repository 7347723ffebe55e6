package dev.deepfake4j.examples;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.VideoReport;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The smallest embedding: score one video with the default detector and print the verdict.
 *
 * <pre>{@code java -cp ... dev.deepfake4j.examples.ScoreOneVideo clip.mp4}</pre>
 */
public final class ScoreOneVideo {
    private ScoreOneVideo() {
    }

    /**
     * @param video the video file
     * @return the report
     * @throws DeepfakeException when the video cannot be scored
     */
    public static VideoReport run(Path video) throws DeepfakeException {
        try (DeepfakeDetector detector = DeepfakeDetector.builder().build()) {
            return detector.analyze(video);
        }
    }

    /**
     * @param args one video path
     * @throws DeepfakeException when the video cannot be scored
     */
    public static void main(String[] args) throws DeepfakeException {
        if (args.length != 1) {
            System.err.println("usage: ScoreOneVideo VIDEO");
            System.exit(2);
        }
        VideoReport r = run(Path.of(args[0]));
        System.out.printf(Locale.ROOT, "%s: P(fake) = %.3f -> %s (%d faces in %d tracks, %.0f ms)%n", r.path(),
                r.pFake(), r.label(), r.faceCount(), r.tracks().size(), r.timings().totalMillis());
    }
}
