package dev.deepfake4j.benchmarks.classify;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.benchmarks.BenchmarkAssets;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.PositiveClass;
import dev.deepfake4j.models.onnx.OnnxClassifier;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import dev.deepfake4j.models.registry.ModelRegistry;
import dev.deepfake4j.models.registry.ResolvedModel;
import java.nio.file.Path;

/**
 * The classifiers benchmarks run: MesoNet-4 (DF) resolved and imported through the registry, and the random-weight
 * EfficientNet-B0 (224) and B4 (380) files from the shared assets, described by manifests written here (their
 * inputs and outputs checked with ONNX Runtime: {@code input} [batch,3,H,W] float32 → {@code logit} [batch,1]). The
 * EfficientNets have random weights: they measure speed only, their scores mean nothing.
 */
public enum BenchmarkModels {
    /** MesoNet-4 trained on Deepfakes, 256×256 RGB, output P(real); the default classifier. */
    MESONET4,
    /** timm {@code efficientnet_b0}, random weights, 224×224. */
    EFFICIENTNET_B0,
    /** timm {@code tf_efficientnet_b4}, random weights, 380×380 (the DFDC winners' input size). */
    EFFICIENTNET_B4;

    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    /** @return the ONNX file */
    public Path modelFile() throws DeepfakeException {
        return switch (this) {
            case MESONET4 -> resolvedMesoNet().model();
            case EFFICIENTNET_B0 -> BenchmarkAssets.require("models/benchmark/efficientnet_b0_random_224.onnx");
            case EFFICIENTNET_B4 -> BenchmarkAssets.require("models/benchmark/tf_efficientnet_b4_random_380.onnx");
        };
    }

    /** @return how the model is fed and read */
    public ModelManifest manifest() throws DeepfakeException {
        return switch (this) {
            case MESONET4 -> resolvedMesoNet().manifest();
            case EFFICIENTNET_B0 -> efficientNet("efficientnet-b0-random", 224);
            case EFFICIENTNET_B4 -> efficientNet("efficientnet-b4-random", 380);
        };
    }

    /**
     * @param options session options
     * @param maxBatch crops per session run
     * @return an open classifier; the caller closes it
     */
    public OnnxClassifier open(OnnxSessionOptions options, int maxBatch) throws DeepfakeException {
        return OnnxClassifier.builder(manifest()).sessionOptions(options).maxBatchSize(maxBatch).open(modelFile());
    }

    private static ResolvedModel resolvedMesoNet() throws DeepfakeException {
        return ModelRegistry.defaults().resolve("mesonet4-df");
    }

    /** NCHW RGB, ImageNet normalisation, letterboxed with area/cubic resizing as the DFDC 1st place fed B7. */
    private static ModelManifest efficientNet(String name, int size) {
        return ModelManifest.builder(name).input("input", size, size).layout(InputSpec.Layout.NCHW)
                .channels(PixelFormat.RGB24).scale(1f / 255f).normalization(IMAGENET_MEAN, IMAGENET_STD)
                .resize(InputSpec.Resize.LETTERBOX).interpolation(InputSpec.Interpolation.AREA_OR_CUBIC)
                .output("logit", OutputKind.LOGIT, 0, PositiveClass.FAKE)
                .license("benchmark only: random weights").build();
    }
}
