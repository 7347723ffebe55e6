package dev.deepfake4j.consumer;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import java.nio.file.Path;

/** Scores one video with the default detector and prints {@code p_fake <value>}. Argument: the video. */
public final class Main {
    private Main() {
    }

    /**
     * @param args the path of a video
     * @throws DeepfakeException when the video cannot be scored
     */
    public static void main(String[] args) throws DeepfakeException {
        if (args.length != 1) {
            System.err.println("usage: Main VIDEO");
            System.exit(2);
        }
        try (DeepfakeDetector detector = DeepfakeDetector.builder().build()) {
            System.out.println("p_fake " + detector.score(Path.of(args[0])));
        }
    }
}
