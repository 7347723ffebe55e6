package dev.deepfake4j.models.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.models.manifest.ModelTask;
import dev.deepfake4j.models.onnx.OnnxClassifier;
import dev.deepfake4j.models.onnx.OnnxSessionOptions;
import dev.deepfake4j.testing.TestAssets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in entries against the shared assets used as an offline mirror: their sizes and checksums match the
 * published files, and the MesoNet manifest fits the converted ONNX model (input {@code input}, output
 * {@code prob_real}).
 */
class BuiltInModelsTest {
    @TempDir
    Path tmp;

    ModelRegistry offlineWithAssetsMirror(ModelImporters importers) {
        TestAssets.require("models/face_detection/yunet/yunet_s_640_640.onnx");
        RegistryConfig config = RegistryConfig.builder(tmp.resolve("cache")).mirror(TestAssets.root().resolve("models"))
                .offline(true).build();
        return ModelRegistry.builder().config(config).importers(importers).addBuiltInEntries().build();
    }

    @Test
    void names_the_documented_models() {
        assertThat(ModelRegistry.builtInEntries()).extracting(RegistryEntry::name).startsWith("yunet-s",
                "ultraface-rfb-320", "blazeface-front", "blazeface-back", "mesonet4-df", "mesonet4-f2f",
                "mesoinception4-df", "mesoinception4-f2f")
                .hasSize(8 + 7 + 8); // + the DFDC winner's seven checkpoints and ICPR 2020's eight files
    }

    @Test
    void every_entry_matches_its_published_file_in_size_and_checksum() throws Exception {
        ModelRegistry registry = offlineWithAssetsMirror(new ModelImporters());
        for (RegistryEntry e : registry.entries()) {
            if (!e.isPinned() || e.sizeBytes() == 0) {
                continue; // published without a checksum or size (ICPR 2020: hash only), not among the shared assets
            }
            Path file;
            try (var files = Files.walk(TestAssets.root().resolve("models"))) {
                file = files.filter(p -> p.getFileName().toString().equals(e.fileName())).findFirst().orElseThrow();
            }
            assertThat(Files.size(file)).as(e.name()).isEqualTo(e.sizeBytes());
            assertThat(ModelRegistry.sha256(file)).as(e.name()).isEqualTo(e.sha256());
        }
    }

    @Test
    void face_detectors_resolve_from_the_mirror_offline() throws Exception {
        ModelRegistry registry = offlineWithAssetsMirror(new ModelImporters());
        // yunet-s is bundled (deepfake-default-models) and taken from the class path; UltraFace comes from the mirror
        ResolvedModel yunet = registry.resolve("yunet-s");
        assertThat(yunet.origin()).isEqualTo(ModelOrigin.BUNDLED);
        assertThat(yunet.model()).isEqualTo(tmp.resolve("cache/yunet_s_640_640.onnx"));
        assertThat(registry.resolve("ultraface-rfb-320").origin()).isEqualTo(ModelOrigin.MIRROR);
        assertThat(yunet.manifest().task()).isEqualTo(ModelTask.FACE_DETECTOR);
        assertThat(registry.resolve("ultraface-rfb-320").manifest().inputSpec().normalize(127, 0)).isZero();
    }

    @Test
    void mesonet_entry_opens_as_a_classifier_once_imported() throws Exception {
        Path converted = TestAssets.require("models/deepfake/mesonet/Meso4_DF.onnx");
        // stands in for the Keras importer: the maintainers' conversion of the same weights
        ModelImporters importers = new ModelImporters().register("keras-mesonet4", source -> {
            try {
                return Files.readAllBytes(converted);
            } catch (IOException e) {
                throw new DeepfakeException(ErrorCode.MODEL_INVALID, "cannot read " + converted, e);
            }
        });
        ModelRegistry registry = offlineWithAssetsMirror(importers);
        try (OnnxClassifier c = registry.openClassifier("mesonet4-df", OnnxSessionOptions.defaults())) {
            assertThat(c.name()).isEqualTo("mesonet4-df");
            FaceCrop real = crop(TestAssets.require("images/face_crops/mesonet/real_real00240.jpg"));
            assertThat(c.classify(List.of(real))[0]).isCloseTo(0.010f, within(0.01f));
        }
    }

    @Test
    void the_two_default_models_are_bundled_with_their_licences_and_match_their_entries() throws Exception {
        ModelRegistry registry = offlineWithAssetsMirror(ModelImporters.shared());
        for (String name : List.of("yunet-s", "mesonet4-df")) {
            RegistryEntry e = registry.entry(name);
            String base = "dev/deepfake4j/models/bundled/" + e.fileName();
            byte[] bytes;
            try (var in = BuiltInModelsTest.class.getClassLoader().getResourceAsStream(base)) {
                assertThat(in).as(base + " on the class path").isNotNull();
                bytes = in.readAllBytes();
            }
            assertThat(bytes).as(name).hasSize((int) e.sizeBytes());
            assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes))).as(name).isEqualTo(e.sha256());
            assertThat(BuiltInModelsTest.class.getClassLoader().getResource(base + ".LICENSE"))
                    .as(base + ".LICENSE").isNotNull();
            assertThat(registry.resolve(name).origin()).as(name).isEqualTo(ModelOrigin.BUNDLED);
        }
        assertThat(BuiltInModelsTest.class.getClassLoader().getResource("dev/deepfake4j/models/bundled/Meso4_DF.h5.NOTICE"))
                .isNotNull();
    }

    @Test
    void defaults_use_the_environment_configuration() {
        ModelRegistry registry = ModelRegistry.defaults();
        RegistryConfig fromEnv = RegistryConfig.from(System.getenv(), Path.of(System.getProperty("user.home")));
        assertThat(registry.config().cacheDir()).isEqualTo(fromEnv.cacheDir());
        assertThat(registry.entries()).hasSize(23);
    }

    static FaceCrop crop(Path jpeg) throws IOException {
        BufferedImage img = ImageIO.read(jpeg.toFile());
        byte[] px = new byte[256 * 256 * 3];
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                int rgb = img.getRGB(x, y);
                int o = (y * 256 + x) * 3;
                px[o] = (byte) (rgb >> 16);
                px[o + 1] = (byte) (rgb >> 8);
                px[o + 2] = (byte) rgb;
            }
        }
        return new FaceCrop(0, 0, dev.deepfake4j.face.FaceBox.of(0, 0, 256, 256, 1), 256, 256,
                dev.deepfake4j.image.PixelFormat.RGB24, px);
    }

    @org.junit.jupiter.api.Test
    void theDfdcWinnersSevenCheckpointsAreUnpinnedEntriesWithTheWinnersPreprocessing() {
        var entries = ModelRegistry.builtInEntries().stream().filter(e -> e.name().startsWith("dfdc-b7-")).toList();
        org.assertj.core.api.Assertions.assertThat(entries).hasSize(7);
        org.assertj.core.api.Assertions.assertThat(entries).extracting(RegistryEntry::name).contains("dfdc-b7-111-36", "dfdc-b7-999-23");
        for (RegistryEntry e : entries) {
            org.assertj.core.api.Assertions.assertThat(e.isPinned()).isFalse();
            org.assertj.core.api.Assertions.assertThat(e.url().toString()).startsWith("https://github.com/selimsef/dfdc_deepfake_challenge/releases/download/0.0.1/final_");
            org.assertj.core.api.Assertions.assertThat(e.importerId()).contains(ModelImporters.TORCH_DFDC_CLASSIFIER);
            var spec = e.manifest().inputSpec();
            org.assertj.core.api.Assertions.assertThat(spec.width()).isEqualTo(380);
            org.assertj.core.api.Assertions.assertThat(spec.cropPolicy()).contains(dev.deepfake4j.face.CropPolicy.proportional(5 / 3.0));
            org.assertj.core.api.Assertions.assertThat(spec.resize()).isEqualTo(dev.deepfake4j.classify.InputSpec.Resize.LETTERBOX);
        }
    }

    @org.junit.jupiter.api.Test
    void withoutTheCheckpointsTheWinnerPresetNamesEveryFileToPlace() {
        // tests run offline with the shared assets as the mirror, which does not hold the 255 MB checkpoints
        org.assertj.core.api.Assertions.assertThatThrownBy(dev.deepfake4j.models.Classifiers::dfdcWinner)
                .isInstanceOf(dev.deepfake4j.DeepfakeException.class)
                .hasMessageContaining("final_111_DeepFakeClassifier_tf_efficientnet_b7_ns_0_36")
                .hasMessageContaining("final_999_DeepFakeClassifier_tf_efficientnet_b7_ns_0_23")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((dev.deepfake4j.DeepfakeException) e).code())
                        .isEqualTo(dev.deepfake4j.ErrorCode.MODEL_NOT_FOUND));
    }
}
