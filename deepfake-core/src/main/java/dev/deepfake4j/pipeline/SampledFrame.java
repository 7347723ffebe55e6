package dev.deepfake4j.pipeline;

import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.Frame;
import java.util.List;

/**
 * What one sampled frame left behind once located: its faces (after the tracker's per-frame selection) and an
 * optional thumbnail. Crops are kept here only when reports ask for them (DetectorBuilder.keepCrops); otherwise
 * they go to the classify stage and are released once scored.
 *
 * @param index the frame's index in the video
 * @param pts its presentation time in seconds
 * @param faces the faces selected for classification, in the order their crops were made
 * @param thumbnail a small copy for reports, or {@code null}
 * @param crops the first crop group's crop of each face, in face order, when the detector keeps crops; else empty
 */
record SampledFrame(int index, double pts, List<FaceBox> faces, Frame thumbnail, List<FaceCrop> crops) {
    SampledFrame {
        faces = List.copyOf(faces);
        crops = List.copyOf(crops);
    }

    SampledFrame(int index, double pts, List<FaceBox> faces, Frame thumbnail) {
        this(index, pts, faces, thumbnail, List.of());
    }
}
