package dev.deepfake4j.models.registry;

import dev.deepfake4j.aggregate.Aggregation;
import dev.deepfake4j.aggregate.EnsembleMode;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.models.manifest.ModelManifest;
import dev.deepfake4j.models.manifest.ModelTask;
import dev.deepfake4j.models.manifest.OutputKind;
import dev.deepfake4j.models.manifest.PositiveClass;
import java.util.List;

/**
 * The models and presets deepfake4j knows by name. URLs pin a commit so the bytes cannot change under the checksum; sizes and
 * SHA-256 were measured on the files listed in {@code ../shared/assets/SOURCES.md}.
 */
final class BuiltInModels {
    private static final String MESONET_COMMIT = "https://raw.githubusercontent.com/DariusAf/MesoNet/"
            + "2144d56a30e48cdcac1976ff13a1c5cdc86376c6/weights/";

    private BuiltInModels() {
    }

    static List<RegistryEntry> all() {
        List<RegistryEntry> all = new java.util.ArrayList<>(List.of(yunetS(), ultrafaceRfb320(),
                blazeface("blazeface-front", "blazeface.onnx", 128, 433_325,
                        "1a1f0cd22c28a6f5db3b9ae287f2f73bd177fb082e4d175ae718fb74efcc9866"),
                blazeface("blazeface-back", "blazefaceback.onnx", 256, 817_067,
                        "a11846b1a9c694853b9bc570d5f20662af97f9a95f02d5051cc997dd5964e0dc"),
                mesonet("mesonet4-df", "Meso4_DF.h5", 156_128,
                        "036ed30d04ffd9c7506f825b97c86aa64915f5818931da96817b169aad790af5", "keras-mesonet4"),
                mesonet("mesonet4-f2f", "Meso4_F2F.h5", 156_128,
                        "bcfda015d217b9f8d6557693edbdf9f4e79cfd22672541968dd0e2954462b5d7", "keras-mesonet4"),
                mesonet("mesoinception4-df", "MesoInception_DF.h5", 197_504,
                        "234586d40058e76ef8b6f27ca4b63c06e31c2a5a69c0d8ba6f30b1468ab7bafa", "keras-mesoinception4"),
                mesonet("mesoinception4-f2f", "MesoInception_F2F.h5", 197_504,
                        "d4533ac8a3197dc35c47405d23d99e888c1d0135e267e03540c7451feaccff3f", "keras-mesoinception4")));
        for (String checkpoint : DfdcWinnerRelease.CHECKPOINTS) {
            all.add(dfdcWinner(checkpoint));
        }
        for (Icpr2020Release.Weights weights : Icpr2020Release.WEIGHTS) {
            all.add(icpr2020(weights));
        }
        return List.copyOf(all);
    }

    /** The name of the DFDC winner's preset. */
    static final String DFDC_WINNER_PRESET = "dfdc-winner";

    /** The name of the ICPR 2020 paper's DFDC ensemble preset. */
    static final String ICPR2020_DFDC_PRESET = "icpr2020-dfdc";
    /** The name of the ICPR 2020 FF++ ensemble preset. */
    static final String ICPR2020_FFPP_PRESET = "icpr2020-ffpp";

    /**
     * @return the built-in presets: {@code dfdc-winner} (the seven {@code dfdc-b7-*} entries, model mean) and the
     *         ICPR 2020 ensembles {@code icpr2020-dfdc} (the paper's DFDC ensemble: the four EfficientNet-B4
     *         variants trained on DFDC) and {@code icpr2020-ffpp} (the same four trained on FF++), model mean
     */
    static List<RegistryPreset> presets() {
        List<String> members = DfdcWinnerRelease.CHECKPOINTS.stream().map(BuiltInModels::dfdcWinnerName).toList();
        return List.of(new RegistryPreset(DFDC_WINNER_PRESET, "DFDC 1st place (selimsef): seven EfficientNet-B7"
                + " checkpoints, confident strategy per model, then the mean of the models", members,
                EnsembleMode.MODEL_MEAN, DfdcWinnerRelease.LICENSE),
                new RegistryPreset(ICPR2020_DFDC_PRESET, "ICPR 2020 (polimi): EfficientNetB4, B4ST, AutoAttB4 and"
                        + " AutoAttB4ST trained on DFDC, each model's faces aggregated, then the mean of the models",
                        Icpr2020Release.DFDC_ENSEMBLE, EnsembleMode.MODEL_MEAN, Icpr2020Release.LICENSE),
                new RegistryPreset(ICPR2020_FFPP_PRESET, "ICPR 2020 (polimi): the four EfficientNet-B4 variants"
                        + " trained on FF++, each model's faces aggregated, then the mean of the models",
                        Icpr2020Release.WEIGHTS.stream().filter(w -> w.dataset().equals("FFPP"))
                                .map(Icpr2020Release.Weights::registryName).toList(),
                        EnsembleMode.MODEL_MEAN, Icpr2020Release.LICENSE));
    }

    /**
     * One of the eight public EfficientNet-B4 files of polimi ICPR 2020 (GPL-3.0), pinned by the SHA-256 in its
     * name (no size is published), imported by {@code torch-icpr2020-<model>}.
     */
    private static RegistryEntry icpr2020(Icpr2020Release.Weights weights) {
        String name = weights.registryName();
        ModelManifest manifest = ModelManifest.builder(name)
                .input(Icpr2020Release.INPUT_NAME, Icpr2020Release.INPUT_SPEC)
                .output(Icpr2020Release.OUTPUT_NAME, OutputKind.LOGIT, 0, PositiveClass.FAKE)
                .faceAggregation(Aggregation.parse(Icpr2020Release.VIDEO_AGGREGATION))
                .attentionOutput(weights.model().contains("AutoAtt") ? Icpr2020Release.ATTENTION_NAME : null)
                .license(Icpr2020Release.LICENSE)
                .source(Icpr2020Release.SOURCE + " (" + weights.model() + ", trained on " + weights.dataset() + ")")
                .build();
        return RegistryEntry.builder(name)
                .url(Icpr2020Release.WEIGHTS_URL + weights.fileName())
                .sha256WithoutSize(weights.sha256(), Icpr2020Release.MAX_BYTES)
                .license(Icpr2020Release.LICENSE)
                .fileName(weights.fileName())
                .manifest(manifest)
                .importer(Icpr2020Release.importerId(weights.model()))
                .build();
    }

    /** The registry name of one of the DFDC winner's checkpoints: {@code final_111_…_0_36} → {@code dfdc-b7-111-36}. */
    static String dfdcWinnerName(String checkpoint) {
        String[] parts = checkpoint.split("_");
        return "dfdc-b7-" + parts[1] + "-" + parts[parts.length - 1];
    }

    /**
     * One of the seven EfficientNet-B7 checkpoints of the DFDC 1st place (selimsef, MIT). The release publishes no
     * checksum, so the entry is unpinned: its SHA-256 is recorded on first download and verified afterwards.
     */
    private static RegistryEntry dfdcWinner(String checkpoint) {
        String name = dfdcWinnerName(checkpoint);
        InputSpec spec = DfdcWinnerRelease.INPUT_SPEC;
        ModelManifest manifest = ModelManifest.builder(name)
                .input(DfdcWinnerRelease.INPUT_NAME, spec.width(), spec.height())
                .layout(spec.layout())
                .channels(spec.channels())
                .scale(spec.scale())
                .normalization(spec.mean(), spec.std())
                .resize(spec.resize())
                .interpolation(spec.interpolation())
                .cropPolicy(DfdcWinnerRelease.CROP_POLICY)
                .output(DfdcWinnerRelease.OUTPUT_NAME, OutputKind.LOGIT, 0, PositiveClass.FAKE)
                .license(DfdcWinnerRelease.LICENSE)
                .source(DfdcWinnerRelease.SOURCE)
                .build();
        return RegistryEntry.builder(name)
                .url(DfdcWinnerRelease.RELEASE_URL + checkpoint)
                .unpinned(600_000_000L)
                .license(DfdcWinnerRelease.LICENSE)
                .fileName(checkpoint)
                .manifest(manifest)
                .importer(ModelImporters.TORCH_DFDC_CLASSIFIER)
                .build();
    }

    /** YuNet-s 640x640 (libfacedetection.train; byte-identical to OpenCV's face_detection_yunet_2023mar.onnx). */
    private static RegistryEntry yunetS() {
        // BGR as raw 0..255 floats: the training config's img_norm_cfg is mean 0, std 1, to_rgb False
        ModelManifest manifest = ModelManifest.builder("yunet-s")
                .task(ModelTask.FACE_DETECTOR)
                .input("input", 640, 640)
                .layout(InputSpec.Layout.NCHW)
                .channels(PixelFormat.BGR24)
                .scale(1f)
                .license("Apache-2.0")
                .source("https://github.com/ShiqiYu/libfacedetection.train")
                .build();
        return RegistryEntry.builder("yunet-s")
                .url("https://raw.githubusercontent.com/ShiqiYu/libfacedetection.train/"
                        + "0047ac24afb1a50a0c6105001c89d1b5b805dbf1/onnx/yunet_s_640_640.onnx")
                .size(232_589)
                .sha256("8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4")
                .license("Apache-2.0")
                .fileName("yunet_s_640_640.onnx")
                .manifest(manifest)
                .build();
    }

    /**
     * BlazeFace (MediaPipe's weights, exported to ONNX by hasimoka's fork of hollance/BlazeFace-PyTorch): front
     * (selfie, 128) or back camera (256). The anchors are computed, not downloaded.
     */
    private static RegistryEntry blazeface(String name, String file, int size, long bytes, String sha256) {
        // RGB scaled to [-1, 1]: x / 127.5 - 1
        ModelManifest manifest = ModelManifest.builder(name)
                .task(ModelTask.FACE_DETECTOR)
                .input("l_x_", size, size)
                .layout(InputSpec.Layout.NCHW)
                .channels(PixelFormat.RGB24)
                .scale(1f / 127.5f)
                .normalization(new float[] {1f, 1f, 1f}, new float[] {1f, 1f, 1f})
                .license("Apache-2.0")
                .source("https://github.com/hasimoka/BlazeFace-PyTorch")
                .build();
        return RegistryEntry.builder(name)
                .url("https://raw.githubusercontent.com/hasimoka/BlazeFace-PyTorch/"
                        + "b925417f2ba055b7fca4facca503111a9cadf47c/" + file)
                .size(bytes)
                .sha256(sha256)
                .license("Apache-2.0")
                .fileName(file)
                .manifest(manifest)
                .build();
    }

    /** UltraFace RFB-320 (Linzaer/Ultra-Light-Fast-Generic-Face-Detector-1MB). */
    private static RegistryEntry ultrafaceRfb320() {
        // the repo's scripts feed RGB as (v - 127) / 128, i.e. scale 1/128 and mean 127/128
        ModelManifest manifest = ModelManifest.builder("ultraface-rfb-320")
                .task(ModelTask.FACE_DETECTOR)
                .input("input", 320, 240)
                .layout(InputSpec.Layout.NCHW)
                .channels(PixelFormat.RGB24)
                .scale(1f / 128f)
                .normalization(new float[] {127f / 128f, 127f / 128f, 127f / 128f}, new float[] {1f, 1f, 1f})
                .license("MIT")
                .source("https://github.com/Linzaer/Ultra-Light-Fast-Generic-Face-Detector-1MB")
                .build();
        return RegistryEntry.builder("ultraface-rfb-320")
                .url("https://raw.githubusercontent.com/Linzaer/Ultra-Light-Fast-Generic-Face-Detector-1MB/"
                        + "dffdddda9794a50607cba8f318507a28c1c27cab/models/onnx/version-RFB-320.onnx")
                .size(1_270_727)
                .sha256("34cd7e60aeff28744c657de7a3dc64e872d506741de66987f3426f2b79f88017")
                .license("MIT")
                .fileName("version-RFB-320.onnx")
                .manifest(manifest)
                .build();
    }

    /**
     * MesoNet (Afchar et al., WIFS 2018): the authors publish Keras HDF5 weights only, imported to ONNX with input
     * {@code input} [batch, 3, 256, 256] (RGB / 255) and output {@code prob_real} [batch, 1]. The output is P(real):
     * Keras sorted the class folders df, real alphabetically. Reference resize: nearest neighbour to 256x256.
     */
    private static RegistryEntry mesonet(String name, String file, long size, String sha256, String importer) {
        ModelManifest manifest = ModelManifest.builder(name)
                .input("input", 256, 256)
                .layout(InputSpec.Layout.NCHW)
                .channels(PixelFormat.RGB24)
                .scale(1f / 255f)
                .interpolation(InputSpec.Interpolation.NEAREST)
                .output("prob_real", OutputKind.PROBABILITY, 0, PositiveClass.REAL)
                .license("Apache-2.0")
                .source("https://github.com/DariusAf/MesoNet")
                .build();
        return RegistryEntry.builder(name)
                .url(MESONET_COMMIT + file)
                .size(size)
                .sha256(sha256)
                .license("Apache-2.0")
                .fileName(file)
                .manifest(manifest)
                .importer(importer)
                .build();
    }
}
