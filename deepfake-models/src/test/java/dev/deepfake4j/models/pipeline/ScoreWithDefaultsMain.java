package dev.deepfake4j.models.pipeline;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.models.registry.ModelRegistry;
import java.nio.file.Path;

/**
 * The child JVM of {@link OfflineFirstUseTest}: scores one video with the default detector and prints
 * {@code p_fake <value>} at full precision, then {@code origin <name> <ORIGIN>} for the two default models as the
 * registry now resolves them. Argument: the video.
 */
public final class ScoreWithDefaultsMain {
    private ScoreWithDefaultsMain() {
    }

    public static void main(String[] args) throws Exception {
        try (DeepfakeDetector detector = DeepfakeDetector.builder().build()) {
            System.out.println("p_fake " + detector.score(Path.of(args[0])));
        }
        ModelRegistry registry = ModelRegistry.defaults();
        for (String name : new String[] {"yunet-s", "mesonet4-df"}) {
            System.out.println("origin " + name + " " + registry.resolve(name).origin());
        }
    }
}
