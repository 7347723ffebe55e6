package dev.deepfake4j.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.face.FaceTracker;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceFollowerTest {
    private static final int SIZE = 200;

    /** Knows one face per frame (in frame pixels) and reports it when the image it is given contains it. */
    private static class OneFaceLocator implements FaceLocator {
        FaceBox face = FaceBox.of(80, 80, 120, 120, 0.9);
        final List<String> calls = new ArrayList<>();

        @Override
        public List<FaceBox> locate(Frame image) {
            boolean whole = image.width() == SIZE && image.height() == SIZE;
            calls.add(whole ? "whole" : "local " + image.width() + "x" + image.height());
            if (face == null) {
                return List.of();
            }
            // the region's offset, recovered from where its pixels start in the frame's buffer
            int offset = image.pixels().position();
            int ox = offset % (SIZE * 3) / 3;
            int oy = offset / (SIZE * 3);
            FaceBox local = face.translated(-ox, -oy);
            boolean inside = local.x1() >= 0 && local.y1() >= 0 && local.x2() <= image.width()
                    && local.y2() <= image.height();
            return inside ? List.of(local) : List.of();
        }

        @Override
        public String name() {
            return "one";
        }
    }

    private static Frame frame(int index) {
        return Frame.owned(index, index, SIZE, SIZE, PixelFormat.BGR24, new byte[SIZE * SIZE * 3]);
    }

    @Test
    void detectsOnTheWholeFrameEveryKthFrameAndLooksAroundTheFaceBetween() throws Exception {
        OneFaceLocator locator = new OneFaceLocator();
        FaceFollower follower = new FaceFollower(locator, FaceTracker.defaults(), 3);
        List<List<FaceBox>> found = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            locator.face = FaceBox.of(80 + i, 80, 120 + i, 120, 0.9); // the face drifts right
            found.add(follower.locate(frame(i)));
        }
        assertThat(locator.calls).containsExactly("whole", "local 80x80", "local 80x80", "whole", "local 80x80",
                "local 80x80");
        for (int i = 0; i < 6; i++) {
            assertThat(found.get(i)).containsExactly(FaceBox.of(80 + i, 80, 120 + i, 120, 0.9));
        }
        assertThat(follower.wholeFrameCount()).isEqualTo(2);
        assertThat(follower.localCount()).isEqualTo(4);
    }

    @Test
    void aFaceNotFoundAroundItsLastBoxMakesTheFrameAWholeFrameDetection() throws Exception {
        OneFaceLocator locator = new OneFaceLocator();
        FaceFollower follower = new FaceFollower(locator, FaceTracker.defaults(), 4);
        follower.locate(frame(0));
        locator.face = FaceBox.of(10, 10, 40, 40, 0.9); // jumped far away: not in the box around the last one
        assertThat(follower.locate(frame(1))).containsExactly(FaceBox.of(10, 10, 40, 40, 0.9));
        assertThat(locator.calls).containsExactly("whole", "local 80x80", "whole");
    }

    @Test
    void everyFrameIsAWholeFrameDetectionWithKOne() throws Exception {
        OneFaceLocator locator = new OneFaceLocator();
        FaceFollower follower = new FaceFollower(locator, FaceTracker.defaults(), 1);
        for (int i = 0; i < 3; i++) {
            follower.locate(frame(i));
        }
        assertThat(locator.calls).containsExactly("whole", "whole", "whole");
    }

    @Test
    void twoFacesBeforeThatLeadToOneFaceNowGiveItOnce() throws Exception {
        FaceBox face = FaceBox.of(80, 80, 120, 120, 0.9);
        // a weak second box over the face's lower right (IoU 0.42), as a detector sometimes gives beside a face
        FaceBox weak = FaceBox.of(86, 92, 126, 132, 0.5);
        OneFaceLocator locator = new OneFaceLocator() {
            @Override
            public List<FaceBox> locate(Frame image) {
                List<FaceBox> found = super.locate(image);
                return image.width() == SIZE ? List.of(face, weak) : found;
            }
        };
        locator.face = face;
        FaceFollower follower = new FaceFollower(locator, FaceTracker.defaults(), 4);
        assertThat(follower.locate(frame(0))).containsExactly(face, weak);
        // around the weak box the locator finds the face again, which overlaps it enough to be "it": once only
        assertThat(follower.locate(frame(1))).containsExactly(face);
        assertThat(follower.localCount()).isEqualTo(1);
    }

    @Test
    void theDefaultLocalLookTranslatesTheRegionsFacesIntoFramePixels() throws Exception {
        OneFaceLocator locator = new OneFaceLocator();
        locator.face = FaceBox.of(60, 70, 90, 100, 0.8);
        assertThat(locator.locateIn(frame(0), 50, 50, 100, 100)).containsExactly(FaceBox.of(60, 70, 90, 100, 0.8));
        assertThat(locator.calls).containsExactly("local 100x100");
        assertThat(locator.locateIn(frame(0), 0, 0, 50, 50)).isEmpty();
    }
}
