package dev.deepfake4j.explain;

import static dev.deepfake4j.internal.Checks.checkArgument;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceCrop;
import java.util.ArrayList;
import java.util.List;

/**
 * Every map there is for a face crop: the occlusion map, then the classifier's own maps when it has them
 * ({@link OwnMapClassifier}). Stateless and thread-safe.
 */
public final class Explanations {
    private Explanations() {
    }

    /**
     * @param classifiers one or more classifiers that take this crop (same input size and colour order); with
     *        several, the occlusion map is of the mean of their P(fake), as a detector's face score is
     * @param crop the face crop
     * @param options the occlusion patch, stride and fill
     * @return the occlusion map first, then one map per {@link OwnMapClassifier} among the classifiers, in order
     * @throws DeepfakeException {@code BACKEND_FAILURE} when a classifier fails
     * @throws IllegalArgumentException when the list is empty or a classifier does not take the crop
     */
    public static List<SensitivityMap> of(List<? extends Classifier> classifiers, FaceCrop crop,
            OcclusionOptions options) throws DeepfakeException {
        checkArgument(!classifiers.isEmpty(), "at least one classifier is needed");
        Classifier scorer = classifiers.size() == 1 ? classifiers.get(0) : new MeanClassifier(classifiers);
        List<SensitivityMap> maps = new ArrayList<>();
        maps.add(OcclusionSensitivity.map(scorer, crop, options));
        for (Classifier c : classifiers) {
            if (c instanceof OwnMapClassifier own && own.hasOwnMaps()) {
                List<SensitivityMap> one = own.ownMaps(List.of(crop));
                if (one == null || one.size() != 1) {
                    throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, c.name() + " returned "
                            + (one == null ? "no" : one.size()) + " own maps for 1 crop");
                }
                maps.add(one.get(0));
            }
        }
        return List.copyOf(maps);
    }

    /** Several classifiers over the same crops as one: the mean of their P(fake). */
    private static final class MeanClassifier implements Classifier {
        private final List<? extends Classifier> members;

        MeanClassifier(List<? extends Classifier> members) {
            this.members = List.copyOf(members);
            for (Classifier c : this.members) {
                checkArgument(c.inputSpec().sameCrop(this.members.get(0).inputSpec()),
                        "%s and %s take different crops", this.members.get(0).name(), c.name());
            }
        }

        @Override
        public InputSpec inputSpec() {
            return members.get(0).inputSpec();
        }

        @Override
        public String name() {
            return "mean(" + String.join("+", members.stream().map(Classifier::name).toList()) + ")";
        }

        @Override
        public int maxBatchSize() {
            return members.stream().mapToInt(c -> Math.max(1, c.maxBatchSize())).min().orElse(1);
        }

        @Override
        public float[] classify(List<FaceCrop> crops) throws DeepfakeException {
            float[] sum = new float[crops.size()];
            for (Classifier c : members) {
                float[] s = c.classify(crops);
                if (s == null || s.length != crops.size()) {
                    throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, c.name() + " returned "
                            + (s == null ? "no" : s.length) + " scores for " + crops.size() + " crops");
                }
                for (int i = 0; i < s.length; i++) {
                    sum[i] += s[i] / members.size();
                }
            }
            return sum;
        }
    }
}
