package dev.deepfake4j.pipeline;

import dev.deepfake4j.FrameResult;
import dev.deepfake4j.Label;
import dev.deepfake4j.face.FaceTrack;
import java.util.List;
import java.util.Optional;

/**
 * What the aggregate stage concluded for one video.
 *
 * @param frames every sampled frame with its tracked faces and their scores
 * @param tracks the kept tracks with their scores
 * @param pFake the video's P(fake), clipped and calibrated; the prior when there were too few faces
 * @param rawPFake the video's P(fake) before calibration, clipped; equal to {@code pFake} without a calibration
 * @param label FAKE or REAL at the threshold, or UNKNOWN when there were too few faces to judge
 * @param warning why the verdict is UNKNOWN, when it is
 */
record Verdict(List<FrameResult> frames, List<FaceTrack> tracks, double pFake, double rawPFake, Label label,
        Optional<String> warning) {
}
