package dev.deepfake4j.cli.report;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.explain.SensitivityMap;
import dev.deepfake4j.face.FaceCrop;
import java.util.List;

/**
 * Makes the maps of one face crop for the report, typically
 * {@code crop -> detector.explain(crop, OcclusionOptions.forCrop(crop.width(), crop.height()))}. Called on the
 * thread that writes the report, one crop at a time; its cost (classifier calls, milliseconds) is read from the
 * maps it returns.
 */
@FunctionalInterface
public interface FaceExplainer {
    /**
     * @param crop a crop the report kept
     * @return the occlusion map first, then any model's own maps
     * @throws DeepfakeException when the classifier fails
     */
    List<SensitivityMap> explain(FaceCrop crop) throws DeepfakeException;
}
