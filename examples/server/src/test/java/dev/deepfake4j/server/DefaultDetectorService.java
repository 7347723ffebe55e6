package dev.deepfake4j.server;

import dev.deepfake4j.DeepfakeDetector;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the test classes that talk to one running service over the default detector: started once per class on
 * an ephemeral loopback port with its own upload folder, closed (server, then detector) after the last test.
 */
abstract class DefaultDetectorService {
    @TempDir
    static Path uploads;
    static DeepfakeDetector detector;
    static ScoringServer server;

    @BeforeAll
    static void startService() throws Exception {
        detector = DeepfakeDetector.builder().build();
        server = ScoringServer.start(detector, ServerOptions.builder().port(0).tempDir(uploads).build());
    }

    @AfterAll
    static void stopService() {
        if (server != null) {
            server.close();
        }
        if (detector != null) {
            detector.close();
        }
    }
}
