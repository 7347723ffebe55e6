package dev.deepfake4j.pipeline;

import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.image.Frame;
import java.util.List;

/**
 * What one sampled frame left behind once located: its faces (after the tracker's per-frame selection) and an
 * optional thumbnail. Crops are not kept here: they go to the classify stage and are released once scored.
 *
 * @param index the frame's index in the video
 * @param pts its presentation time in seconds
 * @param faces the faces selected for classification, in the order their crops were made
 * @param thumbnail a small copy for reports, or {@code null}
 */
record SampledFrame(int index, double pts, List<FaceBox> faces, Frame thumbnail) {
    SampledFrame {
        faces = List.copyOf(faces);
    }
}
