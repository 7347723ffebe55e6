package dev.deepfake4j.explain;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.face.FaceCrop;
import java.util.List;

/**
 * A classifier that can say by itself where it looked, for example a model with an attention output beside its
 * score (the ICPR 2020 AutoAtt EfficientNets). {@link Explanations#of} adds its maps to the occlusion map;
 * implementations are as thread-safe as {@link Classifier} requires.
 */
public interface OwnMapClassifier extends Classifier {
    /**
     * @return whether this classifier has maps of its own; a class that implements this interface for some models
     *         only (an ONNX classifier whose manifest names an attention output) answers per model. Default true
     */
    default boolean hasOwnMaps() {
        return true;
    }

    /**
     * @param crops crops matching {@link #inputSpec()}; only called when {@link #hasOwnMaps()}
     * @return one map per crop, in order, each over its crop's pixels
     * @throws DeepfakeException {@link dev.deepfake4j.ErrorCode#BACKEND_FAILURE} when inference fails
     */
    List<SensitivityMap> ownMaps(List<FaceCrop> crops) throws DeepfakeException;
}
