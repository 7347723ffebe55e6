package dev.deepfake4j.video.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

class WorkingRegionTest {
    private static Frame blank(int w, int h) {
        return Frame.owned(0, 0, w, h, PixelFormat.BGR24, new byte[w * h * 3]);
    }

    @Test
    void widensTheRegionToWholeWorkingPixels() {
        Frame frame = blank(1920, 1080);
        WorkingSize whole = WorkingSize.of(frame, 640, false); // 640x360, 3 frame pixels per working pixel
        WorkingRegion r = WorkingRegion.of(whole, frame, 100, 50, 301, 200, 1);
        // working pixels 33..134 x 16..84 (floor(100/3), ceil(401/3); floor(50/3), ceil(250/3)), times 3
        assertThat(r.x()).isEqualTo(99);
        assertThat(r.y()).isEqualTo(48);
        assertThat(r.width()).isEqualTo(303);
        assertThat(r.height()).isEqualTo(204);
        assertThat(r.size()).isEqualTo(new WorkingSize(101, 68, 3.0, 3.0));
    }

    @Test
    void widensToTheDetectorsGridInWorkingPixels() {
        Frame frame = blank(1920, 1080);
        WorkingRegion r = WorkingRegion.of(WorkingSize.of(frame, 640, false), frame, 100, 50, 301, 200, 32);
        // working 33..134 x 16..84 becomes 32..160 x 0..96: starts down to a multiple of 32, sizes up to one
        assertThat(r).isEqualTo(new WorkingRegion(96, 0, 384, 288, new WorkingSize(128, 96, 3.0, 3.0)));
        // at the frame's edge the grid gives way to the frame
        WorkingRegion edge = WorkingRegion.of(WorkingSize.of(frame, 640, false), frame, 1800, 1000, 120, 80, 32);
        assertThat(edge).isEqualTo(new WorkingRegion(1728, 960, 192, 120, new WorkingSize(64, 40, 3.0, 3.0)));
    }

    @Test
    void staysInsideTheFrameAtItsEdge() {
        Frame frame = blank(1920, 1080);
        WorkingRegion r = WorkingRegion.of(WorkingSize.of(frame, 640, false), frame, 1800, 1000, 120, 80, 1);
        assertThat(r).isEqualTo(new WorkingRegion(1800, 999, 120, 81, new WorkingSize(40, 27, 3.0, 3.0)));
    }

    @Test
    void aFrameSeenAtItsOwnSizeKeepsTheRegion() {
        Frame frame = blank(640, 480);
        WorkingRegion r = WorkingRegion.of(WorkingSize.of(frame, 640, false), frame, 13, 7, 101, 55, 1);
        assertThat(r).isEqualTo(new WorkingRegion(13, 7, 101, 55, new WorkingSize(101, 55, 1.0, 1.0)));
    }

    @Test
    void theRegionAloneShrinksToTheSamePixelsAsTheWholeFrame() {
        Frame frame = blank(1920, 1080);
        WorkingSize whole = WorkingSize.of(frame, 640, false);
        WorkingRegion r = WorkingRegion.of(whole, frame, 250, 131, 290, 310, 1);
        byte[] noise = new byte[1920 * 1080 * 3];
        new Random(7).nextBytes(noise);
        try (BytePointer pixels = new BytePointer(noise); Mat image = new Mat(1080, 1920, CV_8UC3, pixels);
                Mat small = new Mat(); Size wholeSize = new Size(whole.width(), whole.height());
                Rect rect = new Rect(r.x(), r.y(), r.width(), r.height()); Mat regionPixels = new Mat(image, rect);
                Mat regionSmall = new Mat(); Size regionSize = new Size(r.size().width(), r.size().height())) {
            resize(image, small, wholeSize, 0, 0, INTER_AREA);
            resize(regionPixels, regionSmall, regionSize, 0, 0, INTER_AREA);
            try (Rect inSmall = new Rect(r.x() / 3, r.y() / 3, r.size().width(), r.size().height());
                    Mat expected = new Mat(small, inSmall); Mat diff = new Mat()) {
                opencv_core.absdiff(expected, regionSmall, diff);
                try (Mat flat = diff.reshape(1)) {
                    assertThat(countNonZero(flat)).isZero();
                }
            }
        }
    }

    @Test
    void refusesARegionOutsideTheFrame() {
        Frame frame = blank(1920, 1080);
        WorkingSize whole = WorkingSize.of(frame, 640, false);
        assertThatThrownBy(() -> WorkingRegion.of(whole, frame, 1900, 0, 40, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the 1920x1080 frame");
        assertThatThrownBy(() -> WorkingRegion.of(whole, frame, 0, 0, 0, 10, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
