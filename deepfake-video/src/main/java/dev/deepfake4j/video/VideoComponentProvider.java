package dev.deepfake4j.video;

import dev.deepfake4j.face.FaceCropper;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.spi.ComponentFactory;
import dev.deepfake4j.spi.ComponentProvider;
import dev.deepfake4j.spi.VideoDecoder;
import dev.deepfake4j.video.ffmpeg.FfmpegVideoDecoder;
import dev.deepfake4j.video.opencv.CascadeFaceLocator;
import dev.deepfake4j.video.opencv.OpenCvFaceCropper;
import java.util.Optional;

/**
 * Contributes the FFmpeg decoder, the OpenCV cropper, and the Haar cascade as a fallback default locator (it needs
 * no model download; {@code deepfake-models} ranks higher and makes YuNet the default).
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

    @Override
    public Optional<ComponentFactory<FaceLocator>> defaultFaceLocator() {
        return Optional.of(() -> CascadeFaceLocator.create(CascadeFaceLocator.Cascade.HAAR_FRONTAL_FACE));
    }
}
