package dev.deepfake4j.face;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.image.Frame;

/**
 * Cuts a face out of a frame by a {@link CropPolicy} and resizes it to a classifier's {@link InputSpec} (plain
 * resize or isotropic resize plus centre padding, as the spec's {@link InputSpec#resize()} says), in the spec's
 * colour order. Implementations must be thread-safe.
 */
public interface FaceCropper {

    /**
     * @param frame the source frame; a view frame is read only during this call
     * @param box the face, in the frame's pixels
     * @param policy margin and shape of the region to cut
     * @param spec target size, resize mode and colour order
     * @return an owned crop of {@code spec.width() x spec.height()} pixels
     * @throws DeepfakeException {@link dev.deepfake4j.ErrorCode#BACKEND_FAILURE} when the image backend fails
     */
    FaceCrop crop(Frame frame, FaceBox box, CropPolicy policy, InputSpec spec) throws DeepfakeException;
}
