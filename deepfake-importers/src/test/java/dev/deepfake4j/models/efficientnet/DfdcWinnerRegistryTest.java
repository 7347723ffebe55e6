package dev.deepfake4j.models.efficientnet;

import dev.deepfake4j.models.registry.DfdcWinnerRelease;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.PositiveClass;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import dev.deepfake4j.models.registry.ModelImporters;
import dev.deepfake4j.models.registry.ModelOrigin;
import dev.deepfake4j.models.registry.ModelRegistry;
import dev.deepfake4j.models.registry.RegistryConfig;
import dev.deepfake4j.models.registry.RegistryEntry;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DFDC-style checkpoint travels the whole registry path: found in the mirror by file name, imported by the
 * registered PyTorch importer once, cached as ONNX, opened as a classifier with the winner's input.
 */
class DfdcWinnerRegistryTest {
    @Test
    void aCheckpointInTheMirrorIsImportedOnceAndClassifies(@TempDir Path home) throws Exception {
        TestAssets.require("models/checkpoints/dfdc_b0_random.zip.pth");
        InputSpecFields f = new InputSpecFields();
        RegistryEntry entry = RegistryEntry.builder("dfdc-b0-fixture")
                .url("https://example.invalid/dfdc_b0_random.zip.pth").unpinned(100_000_000L).license("MIT")
                .fileName("dfdc_b0_random.zip.pth").manifest(f.manifest).importer(ModelImporters.TORCH_DFDC_CLASSIFIER)
                .build();
        ModelRegistry registry = ModelRegistry.builder()
                .config(RegistryConfig.builder(home).mirror(TestAssets.root().resolve("models")).offline(true).build())
                .importers(ModelImporters.discover()).addEntry(entry).build();
        assertThat(registry.resolve("dfdc-b0-fixture").origin()).isEqualTo(ModelOrigin.MIRROR);
        assertThat(home.resolve("dfdc-b0-fixture.onnx")).exists();
        long importedAt = Files.getLastModifiedTime(home.resolve("dfdc-b0-fixture.onnx")).toMillis();
        try (Classifier c = registry.openClassifier("dfdc-b0-fixture", OnnxSessionOptions.defaults())) {
            assertThat(c.inputSpec().cropPolicy()).contains(CropPolicy.proportional(5 / 3.0));
            byte[] grey = new byte[380 * 380 * 3];
            java.util.Arrays.fill(grey, (byte) 128);
            FaceCrop crop = new FaceCrop(0, 0, FaceBox.of(0, 0, 10, 10, 1), 380, 380, PixelFormat.RGB24, grey);
            float[] p = c.classify(List.of(crop, crop));
            assertThat(p).hasSize(2);
            assertThat(p[0]).isBetween(0f, 1f).isEqualTo(p[1]);
        }
        registry.resolve("dfdc-b0-fixture"); // the import is cached: not redone
        assertThat(Files.getLastModifiedTime(home.resolve("dfdc-b0-fixture.onnx")).toMillis()).isEqualTo(importedAt);
    }

    /** The winner's manifest, as the built-in entries carry it. */
    private static final class InputSpecFields {
        final ModelManifest manifest = ModelManifest.builder("dfdc-b0-fixture")
                .input(DfdcWinnerRelease.INPUT_NAME, 380, 380).scale(1f / 255)
                .normalization(DfdcWinnerRelease.INPUT_SPEC.mean(), DfdcWinnerRelease.INPUT_SPEC.std())
                .resize(DfdcWinnerRelease.INPUT_SPEC.resize()).interpolation(DfdcWinnerRelease.INPUT_SPEC.interpolation())
                .cropPolicy(DfdcWinnerRelease.CROP_POLICY)
                .output(DfdcWinnerRelease.OUTPUT_NAME, OutputKind.LOGIT, 0, PositiveClass.FAKE).build();
    }
}
