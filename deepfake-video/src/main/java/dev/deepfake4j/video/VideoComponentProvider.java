package dev.deepfake4j.video;

import dev.deepfake4j.face.FaceCropper;
import dev.deepfake4j.spi.ComponentProvider;
import dev.deepfake4j.spi.VideoDecoder;
import dev.deepfake4j.video.ffmpeg.FfmpegVideoDecoder;
import dev.deepfake4j.video.opencv.OpenCvFaceCropper;
import java.util.Optional;

/**
 * Contributes the FFmpeg decoder and the OpenCV cropper. It offers no default face locator: the default is YuNet,
 * whose model comes from {@code deepfake-models}' registry; without that module the detector says so
 * ({@code MISSING_COMPONENT}) rather than quietly falling back to a far weaker Haar cascade. A user who wants the
 * cascade passes {@code CascadeFaceLocator.create(...)} to the builder.
 */
public final class VideoComponentProvider implements ComponentProvider {
    private static final FfmpegVideoDecoder DECODER = new FfmpegVideoDecoder();
    private static final OpenCvFaceCropper CROPPER = new OpenCvFaceCropper();

    /** Creates the provider ({@link java.util.ServiceLoader} calls this). */
    public VideoComponentProvider() {
    }

    @Override
    public String name() {
        return "ffmpeg-opencv";
    }

    @Override
    public String module() {
        return "dev.deepfake4j:deepfake-video";
    }

    @Override
    public Optional<VideoDecoder> videoDecoder() {
        return Optional.of(DECODER);
    }

    @Override
    public Optional<FaceCropper> faceCropper() {
        return Optional.of(CROPPER);
    }

}
