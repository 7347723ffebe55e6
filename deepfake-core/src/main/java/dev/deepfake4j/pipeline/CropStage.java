package dev.deepfake4j.pipeline;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.face.FaceCropper;
import dev.deepfake4j.image.Frame;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts each selected face out of its frame once per crop group, at that group's input size; a classifier whose
 * input names its own crop region gets it, the others the detector's policy. Stateless; thread-safe when its
 * cropper is.
 */
final class CropStage {
    private final FaceCropper cropper;
    private final CropPolicy defaultPolicy;
    private final CropGroups groups;

    CropStage(FaceCropper cropper, CropPolicy defaultPolicy, CropGroups groups) {
        this.cropper = cropper;
        this.defaultPolicy = defaultPolicy;
        this.groups = groups;
    }

    /** @return the crops {@code [group][face]}, faces in the given order */
    List<List<FaceCrop>> crop(Frame frame, List<FaceBox> faces, StageClock clock) throws DeepfakeException {
        long t0 = System.nanoTime();
        List<List<FaceCrop>> crops = new ArrayList<>(groups.specs().size());
        for (InputSpec spec : groups.specs()) {
            List<FaceCrop> ofGroup = new ArrayList<>(faces.size());
            for (FaceBox face : faces) {
                ofGroup.add(cropper.crop(frame, face, spec.cropPolicy().orElse(defaultPolicy), spec));
            }
            crops.add(ofGroup);
        }
        clock.addCrop(System.nanoTime() - t0);
        return crops;
    }
}
