package dev.deepfake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.testing.TestAssets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-JVM holder with real default detectors (no Spark needed: it is plain static state). */
class ExecutorDetectorsTest {
    @AfterEach
    void closeDetectors() {
        ExecutorDetectors.closeAll();
    }

    @Test
    void equalFactoriesShareOneDetector() throws DeepfakeException {
        DeepfakeDetector first = ExecutorDetectors.get(new DefaultDetectorFactory(4));
        DeepfakeDetector second = ExecutorDetectors.get(new DefaultDetectorFactory(4));
        assertThat(second).isSameAs(first);
        assertThat(ExecutorDetectors.open()).isEqualTo(1);
    }

    @Test
    void differentFactoriesGetTheirOwnDetectors() throws DeepfakeException {
        DeepfakeDetector four = ExecutorDetectors.get(new DefaultDetectorFactory(4));
        DeepfakeDetector five = ExecutorDetectors.get(new DefaultDetectorFactory(5));
        assertThat(five).isNotSameAs(four);
        assertThat(ExecutorDetectors.open()).isEqualTo(2);
    }

    @Test
    void closeAllClosesTheDetectorsAndTheNextRequestBuildsAFreshOne() throws DeepfakeException {
        DeepfakeDetector before = ExecutorDetectors.get(new DefaultDetectorFactory(4));
        ExecutorDetectors.closeAll();
        assertThatThrownBy(() -> before.score(TestAssets.require("videos/labelled/ffpp/Deepfakes_003_000.mp4")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(ExecutorDetectors.get(new DefaultDetectorFactory(4))).isNotSameAs(before);
    }

    @Test
    void aDetectorThatFailedToBuildIsNotRememberedAndIsTriedAgain() throws DeepfakeException {
        FailsOnce factory = new FailsOnce("first build fails");
        assertThatThrownBy(() -> ExecutorDetectors.get(factory)).isInstanceOf(DeepfakeException.class)
                .hasMessage("first build fails");
        assertThat(ExecutorDetectors.open()).isZero();
        assertThat(ExecutorDetectors.get(factory)).isNotNull();
        assertThat(FailsOnce.ATTEMPTS.get()).isEqualTo(2);
    }

    /** Fails on its first build, like an executor whose model mirror was not mounted yet. */
    record FailsOnce(String why) implements DetectorFactory {
        static final AtomicInteger ATTEMPTS = new AtomicInteger();

        @Override
        public DeepfakeDetector create() throws DeepfakeException {
            if (ATTEMPTS.incrementAndGet() == 1) {
                throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, why);
            }
            return new DefaultDetectorFactory(4).create();
        }
    }
}
