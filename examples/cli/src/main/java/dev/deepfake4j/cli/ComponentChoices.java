package dev.deepfake4j.cli;

import dev.deepfake4j.DeepfakeDetector;
import java.util.List;

/** Turns {@code --locator} and {@code --model} into components for the detector. */
final class ComponentChoices {
    private ComponentChoices() {
    }

    static void apply(DeepfakeDetector.Builder builder, String locator, List<String> models) {
        if (locator != null) {
            throw new UsageException("--locator is not available yet in this build");
        }
        if (!models.isEmpty()) {
            throw new UsageException("--model is not available yet in this build");
        }
    }
}
