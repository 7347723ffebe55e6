package dev.deepfake4j.models;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.models.face.BlazeFaceLocator;
import dev.deepfake4j.models.face.UltraFaceLocator;
import dev.deepfake4j.models.face.YuNetOnnxLocator;
import dev.deepfake4j.models.registry.ModelRegistry;
import dev.deepfake4j.video.opencv.CascadeFaceLocator;
import dev.deepfake4j.video.opencv.YuNetFaceLocator;
import java.util.List;
import java.util.Locale;

/**
 * Ready-made face locators, their models resolved through the {@link ModelRegistry} (path → cache → mirror →
 * download; see the README for the offline variables). Each call creates a new locator that the caller owns and
 * closes. Thread-safe.
 */
public final class FaceLocators {
    /** The names {@link #byName} accepts, in the CLI's spelling. */
    public static final List<String> NAMES = List.of("yunet", "yunet-opencv", "haar", "lbp", "ultraface", "blazeface", "blazeface-back");

    private FaceLocators() {
    }

    /**
     * YuNet-s on ONNX Runtime ({@link YuNetOnnxLocator}) on frames scaled to a 640-pixel long side, score ≥ 0.6: the
     * default — best accuracy for its cost (WIDER FACE val AP 0.89 easy for YuNet-n per its authors). It finds the
     * boxes {@link #yunetOpenCv()} finds, at about half the CPU time.
     *
     * @return a new locator
     * @throws DeepfakeException {@code MODEL_NOT_FOUND} when {@code yunet-s} cannot be resolved
     */
    public static FaceLocator yunet() throws DeepfakeException {
        return YuNetOnnxLocator.create(ModelRegistry.defaults().resolve("yunet-s").model());
    }

    /**
     * The same YuNet-s model through OpenCV's {@code FaceDetectorYN} ({@link YuNetFaceLocator}): the reference the
     * default is checked against, and the choice where ONNX Runtime is not wanted for face location.
     *
     * @return a new locator
     * @throws DeepfakeException {@code MODEL_NOT_FOUND} when {@code yunet-s} cannot be resolved
     */
    public static FaceLocator yunetOpenCv() throws DeepfakeException {
        return YuNetFaceLocator.create(ModelRegistry.defaults().resolve("yunet-s").model());
    }

    /**
     * OpenCV's Haar frontal-face cascade, from the OpenCV native jar: needs no download, least accurate.
     *
     * @return a new locator
     * @throws DeepfakeException {@code BACKEND_FAILURE} when the cascade cannot be loaded
     */
    public static FaceLocator haar() throws DeepfakeException {
        return CascadeFaceLocator.create(CascadeFaceLocator.Cascade.HAAR_FRONTAL_FACE);
    }

    /**
     * OpenCV's improved LBP frontal-face cascade, from the OpenCV native jar: needs no download.
     *
     * @return a new locator
     * @throws DeepfakeException {@code BACKEND_FAILURE} when the cascade cannot be loaded
     */
    public static FaceLocator lbp() throws DeepfakeException {
        return CascadeFaceLocator.create(CascadeFaceLocator.Cascade.LBP_FRONTAL_FACE);
    }

    /**
     * UltraFace RFB-320 on ONNX Runtime (320×240 input, score ≥ 0.7, NMS 0.3).
     *
     * @return a new locator
     * @throws DeepfakeException {@code MODEL_NOT_FOUND} when {@code ultraface-rfb-320} cannot be resolved
     */
    public static FaceLocator ultraface() throws DeepfakeException {
        return UltraFaceLocator.create(ModelRegistry.defaults().resolve("ultraface-rfb-320").model());
    }

    /**
     * BlazeFace, MediaPipe's selfie-range detector (front model, 128×128 input, score ≥ 0.75, weighted NMS 0.3): fast,
     * but it finds only faces larger than about a fifth of the image.
     *
     * @return a new locator
     * @throws DeepfakeException {@code MODEL_NOT_FOUND} when {@code blazeface-front} cannot be resolved
     */
    public static FaceLocator blazeface() throws DeepfakeException {
        return BlazeFaceLocator.create(ModelRegistry.defaults().resolve("blazeface-front").model());
    }

    /**
     * BlazeFace's back-camera model (256×256 input, score ≥ 0.65): finds smaller faces than the front model.
     *
     * @return a new locator
     * @throws DeepfakeException {@code MODEL_NOT_FOUND} when {@code blazeface-back} cannot be resolved
     */
    public static FaceLocator blazefaceBack() throws DeepfakeException {
        return BlazeFaceLocator.create(ModelRegistry.defaults().resolve("blazeface-back").model());
    }

    /**
     * @param name one of {@link #NAMES}, case-insensitive
     * @return a new locator
     * @throws DeepfakeException when its model cannot be resolved or loaded
     * @throws IllegalArgumentException naming the value when it is not one of {@link #NAMES}
     */
    public static FaceLocator byName(String name) throws DeepfakeException {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "yunet" -> yunet();
            case "yunet-opencv" -> yunetOpenCv();
            case "haar" -> haar();
            case "lbp" -> lbp();
            case "ultraface" -> ultraface();
            case "blazeface" -> blazeface();
            case "blazeface-back" -> blazefaceBack();
            default -> throw new IllegalArgumentException("unknown face locator '" + name + "'; use one of " + NAMES);
        };
    }
}
