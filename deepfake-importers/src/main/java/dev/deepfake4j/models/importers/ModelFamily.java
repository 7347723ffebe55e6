package dev.deepfake4j.models.importers;

import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.models.efficientnet.EfficientNetPytorchDetector;
import dev.deepfake4j.models.efficientnet.EfficientNetPytorchImporter;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.OutputSpec;
import dev.deepfake4j.models.manifest.PositiveClass;
import dev.deepfake4j.models.registry.DfdcWinnerRelease;
import dev.deepfake4j.models.registry.Icpr2020Release;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The detector families whose published PyTorch checkpoints {@link FamilyImporter} turns into an ONNX model and
 * its manifest: the network, and the preprocessing, output and licence each family's own code uses.
 *
 * <p>Preprocessing per family (from each project's inference code):
 * <ul>
 *   <li>ICPR 2020 (four EfficientNet-B4 variants): {@link Icpr2020Release#INPUT_SPEC} — 224, pad-if-smaller then
 *       linear resize, ImageNet normalisation; one logit; video score {@code logit-mean};</li>
 *   <li>SBI: 380, stretched with linear interpolation, /255 only; the RetinaFace box grown by an eighth of its
 *       width and height on each side (1.25×, not squared); two-class softmax, fake = index 1;</li>
 *   <li>DeepfakeBench {@code effnb4}: 256, stretched with cubic interpolation, /255 then (x − 0.5)/0.5; trained
 *       on dlib-aligned crops at scale 1.3 (here a square 1.3× region; the alignment is not reproduced);
 *       two-class softmax, fake = index 1;</li>
 *   <li>DFDC winner: {@link DfdcWinnerRelease#INPUT_SPEC}, one logit.</li>
 * </ul>
 */
public enum ModelFamily {
    /** polimi ICPR 2020 {@code EfficientNetB4} (GPL-3.0). */
    ICPR2020_EFFICIENTNETB4(EfficientNetPytorchDetector.ICPR_B4),
    /** polimi ICPR 2020 {@code EfficientNetB4ST} (GPL-3.0). */
    ICPR2020_EFFICIENTNETB4ST(EfficientNetPytorchDetector.ICPR_B4_ST),
    /** polimi ICPR 2020 {@code EfficientNetAutoAttB4} (GPL-3.0); the model also outputs its attention map. */
    ICPR2020_EFFICIENTNETAUTOATTB4(EfficientNetPytorchDetector.ICPR_AUTOATT_B4),
    /** polimi ICPR 2020 {@code EfficientNetAutoAttB4ST} (GPL-3.0); the model also outputs its attention map. */
    ICPR2020_EFFICIENTNETAUTOATTB4ST(EfficientNetPytorchDetector.ICPR_AUTOATT_B4_ST),
    /** SBI, Self-Blended Images (CVPR 2022): non-commercial research licence. */
    SBI(EfficientNetPytorchDetector.SBI),
    /** DeepfakeBench {@code effnb4}: CC BY-NC 4.0. */
    DEEPFAKEBENCH_EFFNB4(EfficientNetPytorchDetector.DEEPFAKEBENCH_EFFNB4),
    /** The DFDC winner's {@code DeepFakeClassifier} (tf_efficientnet B0 … B7, MIT). */
    DFDC_WINNER(null);

    /** SBI's licence, as its LICENSE file and README state it. */
    static final String SBI_LICENSE = "SBI research licence: academic or non-profit organization noncommercial"
            + " research use only; commercial use requires a licence agreement (mapooon/SelfBlendedImages)";
    /** DeepfakeBench's licence. */
    static final String DEEPFAKEBENCH_LICENSE = "CC-BY-NC-4.0";

    private final EfficientNetPytorchDetector detector;

    ModelFamily(EfficientNetPytorchDetector detector) {
        this.detector = detector;
    }

    /** @return the CLI spelling, e.g. {@code icpr2020-efficientnetb4st} */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param id a CLI spelling ({@link #id()}), case-insensitive
     * @return the family
     * @throws IllegalArgumentException naming the accepted spellings
     */
    public static ModelFamily fromId(String id) {
        for (ModelFamily f : values()) {
            if (f.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown model family '" + id + "'; use one of "
                + Arrays.stream(values()).map(ModelFamily::id).collect(Collectors.joining(", ")));
    }

    /** @return the efficientnet_pytorch detector, empty for {@link #DFDC_WINNER} (timm) */
    public Optional<EfficientNetPytorchDetector> detector() {
        return Optional.ofNullable(detector);
    }

    /** @return the network input and its preprocessing */
    public InputSpec inputSpec() {
        return switch (this) {
            case SBI -> InputSpec.builder(380, 380).channels(PixelFormat.RGB24).resize(InputSpec.Resize.STRETCH)
                    .interpolation(InputSpec.Interpolation.LINEAR).scale(1f / 255f)
                    .normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1})
                    .cropPolicy(CropPolicy.proportional(1.25)).build();
            case DEEPFAKEBENCH_EFFNB4 -> InputSpec.builder(256, 256).channels(PixelFormat.RGB24)
                    .resize(InputSpec.Resize.STRETCH).interpolation(InputSpec.Interpolation.CUBIC).scale(1f / 255f)
                    .normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f})
                    .cropPolicy(CropPolicy.square(1.3)).build();
            case DFDC_WINNER -> DfdcWinnerRelease.INPUT_SPEC.toBuilder().cropPolicy(DfdcWinnerRelease.CROP_POLICY)
                    .build();
            default -> Icpr2020Release.INPUT_SPEC;
        };
    }

    /** @return which output is read and how it becomes P(fake) */
    public OutputSpec output() {
        if (detector != null && detector.classes() == 2) {
            return new OutputSpec(EfficientNetPytorchImporter.LOGITS_NAME, OutputKind.SOFTMAX, 1, PositiveClass.FAKE);
        }
        return new OutputSpec(EfficientNetPytorchImporter.LOGIT_NAME, OutputKind.LOGIT, 0, PositiveClass.FAKE);
    }

    /** @return the weights' licence */
    public String license() {
        return switch (this) {
            case SBI -> SBI_LICENSE;
            case DEEPFAKEBENCH_EFFNB4 -> DEEPFAKEBENCH_LICENSE;
            case DFDC_WINNER -> DfdcWinnerRelease.LICENSE;
            default -> Icpr2020Release.LICENSE;
        };
    }

    /** @return whether the licence forbids commercial use (the importer then prints and records it) */
    public boolean nonCommercial() {
        return this == SBI || this == DEEPFAKEBENCH_EFFNB4;
    }

    /** @return where the family comes from */
    public String source() {
        return switch (this) {
            case SBI -> "https://github.com/mapooon/SelfBlendedImages";
            case DEEPFAKEBENCH_EFFNB4 -> "https://github.com/SCLBD/DeepfakeBench";
            case DFDC_WINNER -> DfdcWinnerRelease.SOURCE;
            default -> Icpr2020Release.SOURCE;
        };
    }

    /**
     * @return the family's own rule for the faces of a track, as {@code Aggregation.parse} spells it: ICPR 2020
     *         the sigmoid of the mean logit, SBI (which then takes the largest face per frame) and DeepfakeBench the
     *         mean, the DFDC winner its confident strategy
     */
    public String videoAggregation() {
        return switch (this) {
            case SBI, DEEPFAKEBENCH_EFFNB4 -> "mean";
            case DFDC_WINNER -> "confident";
            default -> Icpr2020Release.VIDEO_AGGREGATION;
        };
    }
}
