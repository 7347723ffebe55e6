package dev.deepfake4j.video.opencv;

import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.LocatorOptions;
import dev.deepfake4j.image.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * YuNet's detections as {@code FaceDetectorYN} lays them out, one row of {@value #COLUMNS} floats per face in the
 * working image's pixels ({@code x, y, w, h}, five landmark x,y pairs, score), turned into {@link FaceBox}es in the
 * frame's pixels. Shared by the OpenCV and the ONNX Runtime YuNet locators so both map and filter alike. Stateless;
 * thread-safe.
 */
public final class YuNetRows {
    /** Floats per detection row. */
    public static final int COLUMNS = 15;

    private YuNetRows() {
    }

    /**
     * @param rows {@code count} rows of {@value #COLUMNS} floats, back to back, in detection order
     * @param count the number of rows
     * @param size the working size the rows are in, for the factors back to the frame
     * @param frame the frame the boxes are clipped to
     * @param options the locator's options: faces below {@link LocatorOptions#minFaceSize()} frame pixels are
     *        dropped, then {@link LocatorOptions#best} chooses
     * @return the faces in the frame's pixels, each with its 5 landmarks
     */
    public static List<FaceBox> toBoxes(float[] rows, int count, WorkingSize size, Frame frame,
            LocatorOptions options) {
        double sx = size.toFrameX();
        double sy = size.toFrameY();
        List<FaceBox> boxes = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            int o = r * COLUMNS;
            double x = rows[o] * sx;
            double y = rows[o + 1] * sy;
            double w = rows[o + 2] * sx;
            double h = rows[o + 3] * sy;
            float[] landmarks = new float[10];
            for (int k = 0; k < 5; k++) {
                landmarks[2 * k] = (float) (rows[o + 4 + 2 * k] * sx);
                landmarks[2 * k + 1] = (float) (rows[o + 5 + 2 * k] * sy);
            }
            double score = rows[o + 14];
            if (Math.min(w, h) < options.minFaceSize() || w <= 0 || h <= 0) {
                continue;
            }
            FaceBox box = new FaceBox(x, y, x + w, y + h, score, landmarks).clippedTo(frame.width(), frame.height());
            if (box.area() > 0) {
                boxes.add(box);
            }
        }
        return options.best(boxes);
    }
}
