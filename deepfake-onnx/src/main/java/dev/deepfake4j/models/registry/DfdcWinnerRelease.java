package dev.deepfake4j.models.registry;

import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.image.PixelFormat;
import java.util.List;

/**
 * The Deepfake Detection Challenge winner (Selim Seferbekov, selimsef/dfdc_deepfake_challenge, MIT licence; private
 * leaderboard log loss 0.42798) as data: its released checkpoints and how it cut and prepared face crops. The import of a checkpoint
 * into ONNX is {@code dev.deepfake4j.models.efficientnet.DfdcWinner} in {@code deepfake-importers}; the facts live
 * here, beside the registry entries made from them, so that the catalogue needs no importer.
 *
 * <p>What the winner did, from its {@code kernel_utils.py} and {@code predict_folder.py}:
 * <ul>
 *   <li>crop: the face box with a third of its width and height added on each side, not made square
 *       ({@link #CROP_POLICY}). The winner clipped the region at the frame's edges where deepfake4j pads with
 *       black; the two differ only for faces touching the border;</li>
 *   <li>resize: isotropic, the long side to 380 pixels (area interpolation when shrinking, bicubic when enlarging,
 *       the short side truncated to an integer), then zero padding to 380×380 with the image centred
 *       (offsets {@code (380 - w) / 2}, {@code (380 - h) / 2}, rounded down);</li>
 *   <li>normalisation: RGB, /255, ImageNet mean and standard deviation, NCHW ({@link #INPUT_SPEC}); the padding is
 *       normalised too, so it enters the network as {@code -mean/std}, not 0;</li>
 *   <li>output: one logit per crop, P(fake) = sigmoid(logit) ({@link #probabilityFake});</li>
 *   <li>per video: each model's face scores aggregated with the confident strategy (threshold 0.8), then the seven
 *       models averaged; 32 frames per video.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class DfdcWinnerRelease {
    /** Side of the square network input, in pixels. */
    public static final int INPUT_SIZE = 380;

    /** The face box plus a third of its width and height on each side: 5/3 of each side, not squared. */
    public static final CropPolicy CROP_POLICY = CropPolicy.proportional(5 / 3.0);

    /** 380×380 NCHW RGB, letterboxed with area/cubic interpolation, /255, ImageNet mean and std. */
    public static final InputSpec INPUT_SPEC = InputSpec.builder(INPUT_SIZE, INPUT_SIZE)
            .layout(InputSpec.Layout.NCHW)
            .channels(PixelFormat.RGB24)
            .resize(InputSpec.Resize.LETTERBOX)
            .interpolation(InputSpec.Interpolation.AREA_OR_CUBIC)
            .scale(1f / 255f)
            .normalization(ImageNet.mean(), ImageNet.std())
            .build();

    /** Name of the imported model's input ({@value}). */
    public static final String INPUT_NAME = "input";
    /** Name of the imported model's output ({@value}), a logit of "fake". */
    public static final String OUTPUT_NAME = "logit";

    /** Where the released checkpoints are downloaded from (GitHub release {@code 0.0.1}); append a file name. */
    public static final String RELEASE_URL =
            "https://github.com/selimsef/dfdc_deepfake_challenge/releases/download/0.0.1/";

    /**
     * The seven released checkpoints of the winning ensemble (all {@code tf_efficientnet_b7_ns}, legacy torch
     * format, ≈ 255 MB each), as listed in the repository's {@code download_weights.sh}.
     */
    public static final List<String> CHECKPOINTS = List.of(
            "final_111_DeepFakeClassifier_tf_efficientnet_b7_ns_0_36",
            "final_555_DeepFakeClassifier_tf_efficientnet_b7_ns_0_19",
            "final_777_DeepFakeClassifier_tf_efficientnet_b7_ns_0_29",
            "final_777_DeepFakeClassifier_tf_efficientnet_b7_ns_0_31",
            "final_888_DeepFakeClassifier_tf_efficientnet_b7_ns_0_37",
            "final_888_DeepFakeClassifier_tf_efficientnet_b7_ns_0_40",
            "final_999_DeepFakeClassifier_tf_efficientnet_b7_ns_0_23");

    /** Licence of the winner's code and weights. */
    public static final String LICENSE = "MIT";
    /** Where the model comes from. */
    public static final String SOURCE = "https://github.com/selimsef/dfdc_deepfake_challenge";
    /** Frames the winner sampled per video. */
    public static final int FRAMES_PER_VIDEO = 32;

    private DfdcWinnerRelease() {
    }

    /**
     * @param logit the model's output for one crop
     * @return the probability that the crop is fake, in [0, 1]
     */
    public static double probabilityFake(double logit) {
        return 1 / (1 + Math.exp(-logit));
    }
}
