package dev.deepfake4j.benchmarks.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.benchmarks.BenchmarkAssets;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.models.efficientnet.EfficientNetImporter;
import dev.deepfake4j.models.efficientnet.EfficientNetPytorchDetector;
import dev.deepfake4j.models.efficientnet.EfficientNetPytorchImporter;
import dev.deepfake4j.models.efficientnet.PaddingRule;
import dev.deepfake4j.models.importers.FamilyImporter;
import dev.deepfake4j.models.importers.ModelFamily;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.PositiveClass;
import dev.deepfake4j.models.onnx.OnnxClassifier;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import dev.deepfake4j.models.registry.DfdcWinnerRelease;
import dev.deepfake4j.models.torch.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The efficientnet_pytorch detectors a CPU can run, beside MesoNet-4: polimi ICPR 2020 {@code EfficientNetB4} at
 * 224 and SBI's EfficientNet-B4 at 380, each a full-size B4 graph built by {@link EfficientNetPytorchImporter}
 * from its layout file ({@code models/checkpoints/effnet/*_state_dict_layout.json}: every key and shape of the
 * released checkpoints) with synthesised weights — the cost is that of the real networks, the scores mean
 * nothing. Batch 1 is the time per face; batch 32 is one face per frame of a 32-frame video (what ICPR 2020 and
 * SBI sample), i.e. the classifier's share of a video. Preprocessing (uint8 → normalised tensor) is included.
 *
 * <p>Run alone: {@code java -jar deepfake-benchmarks/target/benchmarks.jar EfficientNetPytorchBenchmark} from the
 * repository root, with the assets variables of {@code deepfake-benchmarks/run-quick.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EfficientNetPytorchBenchmark {

    /**
     * Which model: {@code MESONET4}, {@code ICPR2020_B4_224}, {@code SBI_B4_380}, or {@code DFDC_B7_380} (one of the
     * DFDC winner's seven timm EfficientNet-B7 models, from {@code models/checkpoints/dfdc_b7_state_dict_layout.json};
     * the winner's ensemble costs seven times this).
     */
    @Param({"MESONET4", "ICPR2020_B4_224", "SBI_B4_380", "DFDC_B7_380"})
    public String model;

    /** Crops per session run: 1 (a face) or 32 (a video's faces). */
    @Param({"1", "32"})
    public int batch;

    private OnnxClassifier classifier;
    private List<FaceCrop> crops;
    private Path onnxFile;

    /**
     * Builds (or resolves) the model, opens it and prepares the crops.
     *
     * @throws DeepfakeException when a model or the clip cannot be opened
     * @throws IOException when the layout file cannot be read or the model written
     */
    @Setup
    public void setUp() throws DeepfakeException, IOException {
        OnnxSessionOptions options = OnnxSessionOptions.defaults();
        switch (model) {
            case "MESONET4" -> classifier = BenchmarkModels.MESONET4.open(options, batch);
            case "ICPR2020_B4_224" -> classifier = synthesised(ModelFamily.ICPR2020_EFFICIENTNETB4,
                    "polimi_EfficientNetB4_state_dict_layout.json", options);
            case "SBI_B4_380" -> classifier = synthesised(ModelFamily.SBI, "sbi_Detector_state_dict_layout.json",
                    options);
            case "DFDC_B7_380" -> classifier = dfdcB7(options);
            default -> throw new IllegalArgumentException("unknown model " + model);
        }
        crops = Collections.nCopies(batch, ClassifierBenchmark.realCrop(classifier));
    }

    private OnnxClassifier synthesised(ModelFamily family, String layout, OnnxSessionOptions options)
            throws DeepfakeException, IOException {
        EfficientNetPytorchDetector detector = family.detector().orElseThrow();
        byte[] onnx = EfficientNetPytorchImporter.toOnnx(stateDict(layout), detector, family.inputSpec().width(),
                PaddingRule.STATIC_FROM_NATIVE_SIZE, layout);
        onnxFile = Files.createTempFile("deepfake4j-bench-" + family.id() + "-", ".onnx");
        Files.write(onnxFile, onnx);
        return OnnxClassifier.builder(FamilyImporter.manifest(family, family.id() + "-synthesised", layout))
                .sessionOptions(options).maxBatchSize(batch).open(onnxFile);
    }

    private OnnxClassifier dfdcB7(OnnxSessionOptions options) throws DeepfakeException, IOException {
        JsonNode layout = new ObjectMapper().readTree(BenchmarkAssets.require(
                "models/checkpoints/dfdc_b7_state_dict_layout.json").toFile()).get("state_dict");
        Map<String, int[]> shapes = new LinkedHashMap<>();
        layout.fields().forEachRemaining(e -> {
            int[] shape = new int[e.getValue().size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.getValue().get(i).asInt();
            }
            shapes.put(e.getKey().replaceFirst("^module\\.", ""), shape);
        });
        byte[] onnx = EfficientNetImporter.toOnnx(synthesise(shapes), DfdcWinnerRelease.INPUT_SIZE,
                "dfdc_b7_state_dict_layout.json");
        onnxFile = Files.createTempFile("deepfake4j-bench-dfdc-b7-", ".onnx");
        Files.write(onnxFile, onnx);
        ModelManifest manifest = ModelManifest.builder("dfdc-b7-synthesised")
                .input(DfdcWinnerRelease.INPUT_NAME, DfdcWinnerRelease.INPUT_SPEC)
                .output(DfdcWinnerRelease.OUTPUT_NAME, OutputKind.LOGIT, 0, PositiveClass.FAKE).build();
        return OnnxClassifier.builder(manifest).sessionOptions(options).maxBatchSize(batch).open(onnxFile);
    }

    /**
     * Every key and shape of the layout with small random convolution and linear weights and identity batch
     * norms (unit variance), so that activations stay finite through the 32 blocks.
     */
    static Map<String, Tensor> stateDict(String layout) throws IOException {
        JsonNode json = new ObjectMapper().readTree(BenchmarkAssets.require("models/checkpoints/effnet/" + layout)
                .toFile());
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (JsonNode entry : json.get("keys")) {
            int[] shape = new int[entry.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = entry.get("shape").get(i).asInt();
            }
            shapes.put(entry.get("key").asText(), shape);
        }
        return synthesise(shapes);
    }

    /** Weights of the given shapes, as {@link #stateDict} describes them. */
    private static Map<String, Tensor> synthesise(Map<String, int[]> shapes) {
        SplittableRandom random = new SplittableRandom(0);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> entry : shapes.entrySet()) {
            String key = entry.getKey();
            int[] shape = entry.getValue();
            int count = 1;
            for (int d : shape) {
                count *= d;
            }
            float[] values = new float[count];
            if (key.endsWith("running_var") || (shape.length == 1 && key.endsWith(".weight"))) {
                java.util.Arrays.fill(values, 1f);
            } else if (shape.length > 1) {
                for (int i = 0; i < count; i++) {
                    values[i] = (float) (random.nextDouble(-0.05, 0.05));
                }
            }
            weights.put(key, Tensor.of(shape, values));
        }
        return weights;
    }

    /**
     * Closes the classifier and deletes a synthesised model.
     *
     * @throws IOException when the temporary model cannot be deleted
     */
    @TearDown
    public void tearDown() throws IOException {
        classifier.close();
        if (onnxFile != null) {
            Files.deleteIfExists(onnxFile);
        }
    }

    /**
     * @return P(fake) per crop
     * @throws DeepfakeException when inference fails
     */
    @Benchmark
    public float[] classifyBatch() throws DeepfakeException {
        return classifier.classify(crops);
    }
}
