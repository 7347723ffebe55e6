package dev.deepfake4j.models.registry;

import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.image.PixelFormat;
import java.util.List;
import java.util.Locale;

/**
 * polimi ICPR 2020 ("Video Face Manipulation Detection Through Ensemble of CNNs", polimi-ispl/icpr2020dfdc,
 * GPL-3.0) as data: its eight public EfficientNet-B4 weight files and how it prepared faces. The import of a
 * checkpoint into ONNX is {@code dev.deepfake4j.models.efficientnet.EfficientNetPytorchImporter} in
 * {@code deepfake-importers}; the facts live here, beside the registry entries made from them.
 *
 * <p>What the detector does, from its {@code isplutils/utils.py}, {@code blazeface/face_extract.py} and
 * {@code architectures/weights.py}:
 * <ul>
 *   <li>network: efficientnet_pytorch 0.7.1 EfficientNet-B4 (padding fixed from the native size 380) with a
 *       one-logit head; four variants (plain, AutoAtt attention, and both with Siamese tuning), each trained on
 *       DFDC and on FF++;</li>
 *   <li>crop: BlazeFace boxes grown by {@code off = round(0.2·h)}: {@code off} left, right and below,
 *       {@code 2·off} above ({@link #CROP_POLICY}; deepfake4j does not round {@code off} to whole pixels);</li>
 *   <li>resize: {@code PadIfNeeded(224, 224)} with black then {@code Resize(224, 224)} INTER_LINEAR
 *       ({@link InputSpec.Resize#PAD_IF_SMALLER}): a smaller face is padded, not enlarged;</li>
 *   <li>normalisation: RGB, /255, ImageNet mean and standard deviation, NCHW ({@link #INPUT_SPEC});</li>
 *   <li>output: one logit per face, P(fake) = sigmoid(logit); video score = sigmoid of the mean logit over 32
 *       frames ({@link #VIDEO_AGGREGATION});</li>
 *   <li>the DFDC ensemble of the paper averages the four EfficientNet variants trained on DFDC
 *       ({@link #DFDC_ENSEMBLE}).</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class Icpr2020Release {
    /** Side of the square network input, in pixels. */
    public static final int INPUT_SIZE = 224;
    /** The box grown by 0.2 of its height left, right and below, 0.4 above (see the class comment). */
    public static final CropPolicy CROP_POLICY = CropPolicy.heightPadding(0.2, 0.4, 0.2, 0.2);

    /** 224×224 NCHW RGB, pad-if-smaller then linear resize, /255, ImageNet mean and std. */
    public static final InputSpec INPUT_SPEC = InputSpec.builder(INPUT_SIZE, INPUT_SIZE)
            .layout(InputSpec.Layout.NCHW)
            .channels(PixelFormat.RGB24)
            .resize(InputSpec.Resize.PAD_IF_SMALLER)
            .interpolation(InputSpec.Interpolation.LINEAR)
            .scale(1f / 255f)
            .normalization(ImageNet.mean(), ImageNet.std())
            .cropPolicy(CROP_POLICY)
            .build();

    /** Name of the imported model's input. */
    public static final String INPUT_NAME = "input";
    /** Name of the imported model's output, a logit of "fake". */
    public static final String OUTPUT_NAME = "logit";
    /** The second output of the AutoAtt models: their attention map, {@code [batch, 1, 28, 28]} at 224 pixels. */
    public static final String ATTENTION_NAME = "attention";
    /** The video score rule, as {@code dev.deepfake4j.aggregate.Aggregation.parse} spells it. */
    public static final String VIDEO_AGGREGATION = "logit-mean";
    /** Frames the detector sampled per video. */
    public static final int FRAMES_PER_VIDEO = 32;
    /** Where the weight files are downloaded from; append a file name. */
    public static final String WEIGHTS_URL = "https://f002.backblazeb2.com/file/icpr2020/";
    /** Licence of the code and weights. */
    public static final String LICENSE = "GPL-3.0";
    /** Where the model comes from. */
    public static final String SOURCE = "https://github.com/polimi-ispl/icpr2020dfdc";
    /** No size is published; a B4 state dict is ≈71 MB, so a download may bring at most this many bytes. */
    public static final long MAX_BYTES = 200_000_000L;

    /**
     * One public weight file: a raw state dict whose SHA-256 is the 64 hex digits in its name (the detector's
     * {@code torch.hub} download checks them).
     *
     * @param model the architecture, e.g. {@code EfficientNetAutoAttB4ST}
     * @param dataset {@code DFDC} or {@code FFPP}
     * @param sha256 the file's SHA-256
     */
    public record Weights(String model, String dataset, String sha256) {
        /** @return the file name, {@code <model>_<dataset>_bestval-<sha256>.pth} */
        public String fileName() {
            return model + "_" + dataset + "_bestval-" + sha256 + ".pth";
        }

        /** @return the registry name, e.g. {@code icpr2020-efficientnetautoattb4st-dfdc} */
        public String registryName() {
            return "icpr2020-" + model.toLowerCase(Locale.ROOT) + "-" + dataset.toLowerCase(Locale.ROOT);
        }
    }

    /** The eight EfficientNet weight files of {@code architectures/weights.py}. */
    public static final List<Weights> WEIGHTS = List.of(
            new Weights("EfficientNetB4", "DFDC", "c9f3663e2116d3356d056a0ce6453e0fc412a8df68ebd0902f07104d9129a09a"),
            new Weights("EfficientNetB4", "FFPP", "93aaad84946829e793d1a67ed7e0309b535e2f2395acb4f8d16b92c0616ba8d7"),
            new Weights("EfficientNetB4ST", "DFDC", "86f0a0701b18694dfb5e7837bd09fa8e48a5146c193227edccf59f1b038181c6"),
            new Weights("EfficientNetB4ST", "FFPP", "ccd016668071be5bf5fff68e446d055441739ec7113fb1a6eee998f08396ae92"),
            new Weights("EfficientNetAutoAttB4", "DFDC",
                    "72ed969b2a395fffe11a0d5bf0a635e7260ba2588c28683630d97ff7153389fc"),
            new Weights("EfficientNetAutoAttB4", "FFPP",
                    "b0c9e9522a7143cf119843e910234be5e30f77dc527b1b427cdffa5ce3bdbc25"),
            new Weights("EfficientNetAutoAttB4ST", "DFDC",
                    "4df0ef7d2f380a5955affa78c35d0942ac1cd65229510353b252737775515a33"),
            new Weights("EfficientNetAutoAttB4ST", "FFPP",
                    "ddb357503b9b902e1b925c2550415604c4252b9b9ecafeb7369dc58cc16e9edd"));

    /** Registry names of the paper's DFDC ensemble: the four EfficientNet variants trained on DFDC. */
    public static final List<String> DFDC_ENSEMBLE = WEIGHTS.stream().filter(w -> w.dataset().equals("DFDC"))
            .map(Weights::registryName).toList();

    private Icpr2020Release() {
    }

    /**
     * @param model the architecture name of {@link Weights#model()}
     * @return the importer id of that architecture ({@code torch-icpr2020-<model>})
     */
    public static String importerId(String model) {
        return "torch-icpr2020-" + model.toLowerCase(Locale.ROOT);
    }
}
