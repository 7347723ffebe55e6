package dev.deepfake4j.pipeline;

import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The distinct crops an ensemble needs: classifiers whose inputs share a crop ({@link InputSpec#sameCrop}) read
 * the same crop of a face, so each face is cut once per group rather than once per classifier. Immutable.
 */
final class CropGroups {
    private final List<InputSpec> specs;
    private final int[] groupOf;

    CropGroups(List<Classifier> classifiers) {
        List<InputSpec> distinct = new ArrayList<>();
        groupOf = new int[classifiers.size()];
        for (int i = 0; i < classifiers.size(); i++) {
            InputSpec spec = classifiers.get(i).inputSpec();
            int group = -1;
            for (int g = 0; g < distinct.size() && group < 0; g++) {
                if (distinct.get(g).sameCrop(spec)) {
                    group = g;
                }
            }
            if (group < 0) {
                distinct.add(spec);
                group = distinct.size() - 1;
            }
            groupOf[i] = group;
        }
        specs = List.copyOf(distinct);
    }

    /** @return the crop spec of each group, in group order */
    List<InputSpec> specs() {
        return specs;
    }

    /** @return the group whose crops classifier {@code classifier} reads */
    int groupOf(int classifier) {
        return groupOf[classifier];
    }
}
