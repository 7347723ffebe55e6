package dev.deepfake4j.pipeline;

import static dev.deepfake4j.pipeline.StageFakes.VIDEO;
import static dev.deepfake4j.pipeline.StageFakes.box;
import static dev.deepfake4j.pipeline.StageFakes.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.FaceTracker;
import dev.deepfake4j.image.Frame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocateStageTest {

    /** Finds the given faces in every frame and remembers the frames it saw. */
    private static final class FixedLocator implements FaceLocator {
        final List<FaceBox> faces;
        final List<Frame> seen = new ArrayList<>();

        FixedLocator(List<FaceBox> faces) {
            this.faces = faces;
        }

        @Override
        public List<FaceBox> locate(Frame frame) {
            seen.add(frame);
            return faces;
        }

        @Override
        public String name() {
            return "fixed";
        }
    }

    /** Keeps the faces whose left edge is below 250 (faces 0, 1 and 2 of StageFakes.box); never links tracks. */
    private static final class LeftTracker implements FaceTracker {
        final List<List<FaceBox>> given = new ArrayList<>();

        @Override
        public List<FaceBox> selectFaces(List<FaceBox> faces) {
            given.add(faces);
            return faces.stream().filter(f -> f.x1() < 250).toList();
        }

        @Override
        public int[][] track(List<List<FaceBox>> facesPerFrame) {
            throw new AssertionError("the locate stage does not link tracks");
        }
    }

    @Test
    void returnsTheFacesTheTrackerSelectsFromTheLocatorsFaces() throws DeepfakeException {
        List<FaceBox> found = List.of(box(3), box(1), box(4), box(0));
        FixedLocator locator = new FixedLocator(found);
        LeftTracker tracker = new LeftTracker();
        Frame frame = frame(9, 0);
        List<FaceBox> selected = new LocateStage(locator, tracker).locate(frame, new StageClock());
        // x1 = 300, 100, 400, 0: those below 250 are box(1) and box(0), in the locator's order
        assertThat(selected).containsExactly(box(1), box(0));
        assertThat(locator.seen).containsExactly(frame);
        assertThat(tracker.given).containsExactly(found);
    }

    @Test
    void noFaceFoundGivesNoFace() throws DeepfakeException {
        LeftTracker tracker = new LeftTracker();
        assertThat(new LocateStage(new FixedLocator(List.of()), tracker).locate(frame(0, 0), new StageClock()))
                .isEmpty();
        assertThat(tracker.given).containsExactly(List.of());
    }

    @Test
    void theLocatorsFailurePassesThroughAndTheTrackerIsNotAsked() {
        DeepfakeException failure = new DeepfakeException(ErrorCode.BACKEND_FAILURE, "net failed", VIDEO, null);
        FaceLocator failing = new FaceLocator() {
            @Override
            public List<FaceBox> locate(Frame frame) throws DeepfakeException {
                throw failure;
            }

            @Override
            public String name() {
                return "failing";
            }
        };
        LeftTracker tracker = new LeftTracker();
        assertThatThrownBy(() -> new LocateStage(failing, tracker).locate(frame(0, 0), new StageClock()))
                .isSameAs(failure);
        assertThat(tracker.given).isEmpty();
    }
}
