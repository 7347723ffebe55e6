package dev.deepfake4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The one way tests find the shared test material ({@code ../shared/assets} beside the repository; never copied
 * into it). The root is the system property {@code deepfake4j.assets} (set by the build), else
 * {@code ../shared/assets} relative to the working directory or its parents.
 *
 * <p>When an asset is missing the test is skipped with a message, except when the environment variable {@code CI}
 * is set: there a missing asset fails the test, so CI cannot pass by skipping.
 */
public final class TestAssets {
    private TestAssets() {
    }

    /** @return the assets folder (it may not exist) */
    public static Path root() {
        String prop = System.getProperty("deepfake4j.assets");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("../shared/assets").normalize();
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return dir.resolve("../shared/assets").normalize();
    }

    /**
     * @param relative path inside the assets folder, e.g. {@code videos/labelled/dfdc/lynaeydofd.mp4}
     * @return the absolute path of an existing asset
     */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            String msg = "Test asset missing: " + p + " (set -Ddeepfake4j.assets=<folder> to where ../shared/assets is)";
            if (System.getenv("CI") != null) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        return p;
    }
}
