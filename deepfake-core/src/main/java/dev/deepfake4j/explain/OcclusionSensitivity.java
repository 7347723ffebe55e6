package dev.deepfake4j.explain;

import static dev.deepfake4j.internal.Checks.checkArgument;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.FaceCrop;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model-agnostic occlusion sensitivity (Zeiler and Fergus, 2014): covers each region of a face crop in turn with a
 * neutral patch, scores every covered copy with the classifier, and records how much P(fake) dropped. Works with
 * any {@link Classifier}; costs one classifier score per patch position (see {@link OcclusionOptions}), sent in
 * batches of the classifier's {@code maxBatchSize()}; only one batch of covered copies is held at a time.
 *
 * <p>Stateless and thread-safe (the classifier must be, as {@link Classifier} requires). Deterministic when the
 * classifier is: the same crop and options give the same map.
 */
public final class OcclusionSensitivity {
    private static final Logger LOG = LoggerFactory.getLogger(OcclusionSensitivity.class);

    private OcclusionSensitivity() {
    }

    /**
     * As {@link #map(Classifier, FaceCrop, OcclusionOptions)} with {@link OcclusionOptions#forCrop} defaults.
     *
     * @param classifier scores the covered copies
     * @param crop a crop at the classifier's input size and colour order
     * @return the map
     * @throws DeepfakeException when the classifier fails
     */
    public static SensitivityMap map(Classifier classifier, FaceCrop crop) throws DeepfakeException {
        return map(classifier, crop, OcclusionOptions.forCrop(crop.width(), crop.height()));
    }

    /**
     * @param classifier scores the covered copies
     * @param crop a crop at the classifier's input size and colour order (as a detector hands it over, see
     *        {@code TrackedFace.cropIfKept()})
     * @param options patch, stride and fill; the patch must fit in the crop
     * @return one value per patch position: P(fake) of the crop minus P(fake) with that square covered
     * @throws DeepfakeException {@code BACKEND_FAILURE} when the classifier fails or returns the wrong number of
     *         scores
     * @throws IllegalArgumentException when the crop does not match the classifier's input or the patch does not
     *         fit
     */
    public static SensitivityMap map(Classifier classifier, FaceCrop crop, OcclusionOptions options)
            throws DeepfakeException {
        Objects.requireNonNull(classifier, "classifier");
        Objects.requireNonNull(crop, "crop");
        Objects.requireNonNull(options, "options");
        InputSpec spec = classifier.inputSpec();
        checkArgument(spec.width() == crop.width() && spec.height() == crop.height()
                && spec.channels() == crop.format(), "%s takes %sx%s %s crops, got %s", classifier.name(),
                spec.width(), spec.height(), spec.channels(), crop);
        checkArgument(options.patch() <= Math.min(crop.width(), crop.height()),
                "a %s-pixel patch does not fit in a %sx%s crop", options.patch(), crop.width(), crop.height());
        long start = System.nanoTime();
        int cols = options.positions(crop.width());
        int rows = options.positions(crop.height());
        byte[] original = new byte[crop.width() * crop.height() * 3];
        crop.pixels().get(original);
        int[] fill = fill(original, options.grey());
        int n = cols * rows + 1; // the crop as it is, then each covered copy
        int batch = Math.max(1, classifier.maxBatchSize());
        float[] scores = new float[n];
        for (int from = 0; from < n; from += batch) {
            List<FaceCrop> part = new ArrayList<>(Math.min(batch, n - from));
            for (int i = from; i < Math.min(n, from + batch); i++) {
                int cell = i - 1;
                part.add(i == 0 ? crop : covered(crop, original, (cell % cols) * options.stride(),
                        (cell / cols) * options.stride(), options.patch(), fill));
            }
            System.arraycopy(score(classifier, part), 0, scores, from, part.size());
        }
        float[] delta = new float[cols * rows];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = scores[0] - scores[i + 1];
        }
        double millis = (System.nanoTime() - start) / 1e6;
        LOG.debug("Occlusion map {}x{} of {} with {}: {} crops scored in {} ms", cols, rows, crop,
                classifier.name(), n, millis);
        return new SensitivityMap(SensitivityMap.OCCLUSION, crop.width(), crop.height(), cols, rows,
                options.patch(), options.stride(), delta, scores[0], n, millis);
    }

    private static int[] fill(byte[] pixels, int grey) {
        if (grey != OcclusionOptions.CROP_MEAN) {
            return new int[] {grey, grey, grey};
        }
        long[] sum = new long[3];
        for (int i = 0; i < pixels.length; i++) {
            sum[i % 3] += pixels[i] & 0xFF;
        }
        long n = pixels.length / 3;
        return new int[] {(int) Math.round((double) sum[0] / n), (int) Math.round((double) sum[1] / n),
                (int) Math.round((double) sum[2] / n)};
    }

    private static FaceCrop covered(FaceCrop crop, byte[] original, int x0, int y0, int patch, int[] fill) {
        byte[] px = original.clone();
        for (int y = y0; y < y0 + patch; y++) {
            for (int x = x0; x < x0 + patch; x++) {
                int i = (y * crop.width() + x) * 3;
                px[i] = (byte) fill[0];
                px[i + 1] = (byte) fill[1];
                px[i + 2] = (byte) fill[2];
            }
        }
        return new FaceCrop(crop.frameIndex(), crop.ptsSeconds(), crop.source(), crop.width(), crop.height(),
                crop.format(), px);
    }

    /** Scores one batch, checking what comes back. */
    private static float[] score(Classifier classifier, List<FaceCrop> part) throws DeepfakeException {
        float[] s;
        try {
            s = classifier.classify(part);
        } catch (RuntimeException e) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, classifier.name() + " failed on an occluded"
                    + " copy of " + part.get(0) + ": " + e, e);
        }
        if (s == null || s.length != part.size()) {
            throw new DeepfakeException(ErrorCode.BACKEND_FAILURE, classifier.name() + " returned "
                    + (s == null ? "no" : s.length) + " scores for " + part.size() + " crops");
        }
        return s;
    }
}
