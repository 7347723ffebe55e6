package dev.deepfake4j.models.importers;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.models.efficientnet.DfdcWinner;
import dev.deepfake4j.models.efficientnet.EfficientNetPytorchDetector;
import dev.deepfake4j.models.efficientnet.EfficientNetPytorchImporter;
import dev.deepfake4j.models.efficientnet.PaddingRule;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.torch.Tensor;
import dev.deepfake4j.models.torch.TorchCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a detector checkpoint of a {@link ModelFamily} in one call: reads it (torch zip or legacy format, raw
 * state dict or training dict, {@code module.} prefixes removed), builds the ONNX graph and writes
 * {@code <dir>/<name>.onnx} with its manifest {@code <dir>/<name>.json} (preprocessing, output rule, the family's
 * face aggregation as {@code output.aggregate}, licence and source), ready to be opened as a model file. What {@code deepfake4j models import} runs.
 *
 * <p>For families whose licence forbids commercial use (SBI, DeepfakeBench) the licence is logged at WARN and
 * recorded in the manifest's {@code license}.
 *
 * <p>Memory: the state dict and the model, each ≈71 MB for B4 (≈264 MB for the DFDC winner's B7). Stateless and
 * thread-safe; two calls writing the same name into the same folder race (the last one wins, each file is
 * replaced atomically).
 */
public final class FamilyImporter {
    private static final Logger LOG = LoggerFactory.getLogger(FamilyImporter.class);

    private FamilyImporter() {
    }

    /**
     * What an import wrote.
     *
     * @param onnx the ONNX model file
     * @param manifestFile its manifest beside it
     * @param manifest the manifest
     * @param licenceNotice the licence to show to the user when it forbids commercial use
     */
    public record ImportedModel(Path onnx, Path manifestFile, ModelManifest manifest, Optional<String> licenceNotice) {
    }

    /**
     * Reads a checkpoint and builds its ONNX graph.
     *
     * @param family the checkpoint's family
     * @param checkpoint the {@code .pth}/{@code .tar} file
     * @return the serialised ONNX model
     * @throws DeepfakeException {@code MODEL_NOT_FOUND} when the file is missing, {@code MODEL_INVALID} when it is
     *         not a readable checkpoint of that family (naming the first key or shape that disagrees)
     */
    public static byte[] toOnnx(ModelFamily family, Path checkpoint) throws DeepfakeException {
        return toOnnx(family, checkpoint, PaddingRule.STATIC_FROM_NATIVE_SIZE);
    }

    /**
     * Reads a checkpoint and builds its ONNX graph with the padding of a given efficientnet_pytorch version.
     *
     * @param padding {@link PaddingRule#STATIC_FROM_NATIVE_SIZE} for efficientnet_pytorch 0.7.x (what the
     *        fixtures and {@link #toOnnx(ModelFamily, Path)} assume), {@link PaddingRule#SAME_FOR_INPUT} for a
     *        detector that ran 0.6.x; ignored for {@link ModelFamily#DFDC_WINNER} (timm)
     * @see #toOnnx(ModelFamily, Path)
     */
    public static byte[] toOnnx(ModelFamily family, Path checkpoint, PaddingRule padding) throws DeepfakeException {
        Optional<EfficientNetPytorchDetector> detector = family.detector();
        if (detector.isEmpty()) {
            return DfdcWinner.importOnnx(checkpoint);
        }
        long start = System.nanoTime();
        Map<String, Tensor> stateDict = TorchCheckpoint.readStateDict(checkpoint);
        byte[] onnx = EfficientNetPytorchImporter.toOnnx(stateDict, detector.get(), family.inputSpec().width(),
                padding, checkpoint.getFileName().toString());
        LOG.info("Imported {} as {} ({} tensors) into ONNX ({} bytes) in {} ms", checkpoint, family.id(),
                stateDict.size(), onnx.length, (System.nanoTime() - start) / 1_000_000);
        return onnx;
    }

    /**
     * @param family the family
     * @param name the model's name
     * @param checkpoint the file it was imported from, recorded in the source
     * @return the manifest of an imported model of that family
     */
    public static ModelManifest manifest(ModelFamily family, String name, String checkpoint) {
        return ModelManifest.builder(name)
                .input(EfficientNetPytorchImporter.INPUT_NAME, family.inputSpec())
                .output(family.output())
                .faceAggregation(Aggregation.parse(family.videoAggregation()))
                .attentionOutput(family.detector().filter(EfficientNetPytorchDetector::attention).isPresent()
                        ? EfficientNetPytorchImporter.ATTENTION_NAME : null)
                .license(family.license())
                .source(family.source() + " (family " + family.id() + ", imported from " + checkpoint + ")")
                .build();
    }

    /**
     * Imports a checkpoint into {@code <outDir>/<name>.onnx} and {@code <outDir>/<name>.json}, the name derived
     * from the checkpoint's file name ({@link #defaultName}).
     *
     * @param family the checkpoint's family
     * @param checkpoint the checkpoint file
     * @param outDir the folder to write into; created when missing
     * @return what was written
     * @throws DeepfakeException as {@link #toOnnx}, or {@code IO_FAILURE} when the files cannot be written
     */
    public static ImportedModel importTo(ModelFamily family, Path checkpoint, Path outDir) throws DeepfakeException {
        return importTo(family, checkpoint, outDir, defaultName(checkpoint));
    }

    /**
     * Imports a checkpoint into {@code <outDir>/<name>.onnx} and {@code <outDir>/<name>.json}.
     *
     * @param name the model's name: lower-case letters, digits, '.', '_', '-'
     * @throws IllegalArgumentException for a name outside that alphabet
     * @see #importTo(ModelFamily, Path, Path)
     */
    public static ImportedModel importTo(ModelFamily family, Path checkpoint, Path outDir, String name)
            throws DeepfakeException {
        return importTo(family, checkpoint, outDir, name, PaddingRule.STATIC_FROM_NATIVE_SIZE);
    }

    /**
     * Imports a checkpoint with the padding of a given efficientnet_pytorch version.
     *
     * @param padding see {@link #toOnnx(ModelFamily, Path, PaddingRule)}
     * @see #importTo(ModelFamily, Path, Path, String)
     */
    public static ImportedModel importTo(ModelFamily family, Path checkpoint, Path outDir, String name,
            PaddingRule padding) throws DeepfakeException {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("model name must be lower-case letters, digits, '.', '_' or '-': '"
                    + name + "'");
        }
        Optional<String> notice = family.nonCommercial()
                ? Optional.of(family.id() + " weights are under a non-commercial licence: " + family.license()
                        + ". The imported model is bound by it too.")
                : Optional.empty();
        notice.ifPresent(LOG::warn);
        byte[] onnx = toOnnx(family, checkpoint, padding);
        ModelManifest manifest = manifest(family, name, checkpoint.getFileName().toString());
        Path onnxFile = outDir.resolve(name + ".onnx");
        Path manifestFile = ModelManifest.manifestPathFor(onnxFile);
        try {
            Files.createDirectories(outDir);
            writeAtomically(onnxFile, onnx);
            writeAtomically(manifestFile, manifest.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeepfakeException(ErrorCode.IO_FAILURE, "Cannot write the imported model into " + outDir + ": "
                    + e.getMessage(), e);
        }
        LOG.info("Wrote {} and {}", onnxFile, manifestFile);
        return new ImportedModel(onnxFile, manifestFile, manifest, notice);
    }

    /**
     * @param checkpoint a checkpoint file
     * @return its file name without the last extension, lower-cased, every character outside
     *         {@code [a-z0-9._-]} replaced by {@code -}
     */
    public static String defaultName(Path checkpoint) {
        String file = checkpoint.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = (dot > 0 ? file.substring(0, dot) : file).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]", "-");
        return stem.isEmpty() || !Character.isLetterOrDigit(stem.charAt(0)) ? "model-" + stem : stem;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.write(part, bytes);
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
