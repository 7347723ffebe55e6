package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecHWConfig;
import org.bytedeco.ffmpeg.avutil.AVBufferRef;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoding on an NVIDIA GPU (CUDA/NVDEC) for one decoder, and copying its frames back to main memory. When this
 * FFmpeg build or machine has no CUDA decoder, it leaves the decoder in software and says why in the warnings:
 * hardware decoding is an optimisation, never a reason to fail.
 *
 * <p><b>Ownership.</b> Owns the hardware device context and the frame that receives copies from the GPU;
 * {@link #close()} frees them (idempotent). <b>Threads.</b> Not thread-safe: it belongs to one decoder.
 */
final class CudaDecoding implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CudaDecoding.class);

    private final Path path;
    /** Pixel format of frames in GPU memory; -1 when decoding in software. */
    private final int hwPixelFormat;
    private AVBufferRef device;
    private AVFrame transfer;

    private CudaDecoding(Path path, int hwPixelFormat, AVBufferRef device, AVFrame transfer) {
        this.path = path;
        this.hwPixelFormat = hwPixelFormat;
        this.device = device;
        this.transfer = transfer;
    }

    /** @param path the video, for messages @return software decoding: frames pass through unchanged */
    static CudaDecoding none(Path path) {
        return new CudaDecoding(path, -1, null, null);
    }

    /**
     * Hands {@code codec} a CUDA device when {@code decoder} supports one and a device opens; call before
     * {@code avcodec_open2}.
     *
     * @param decoder the decoder about to be opened
     * @param codec its context, which takes its own reference to the device
     * @param codecName the codec's name, for the warning
     * @param path the video, for messages
     * @param warnings where a fallback to software is reported
     * @return the GPU decoding state, or software decoding ({@link #none}) with a warning
     */
    static CudaDecoding attach(AVCodec decoder, AVCodecContext codec, String codecName, Path path,
            DecodeWarnings warnings) {
        int hwFormat = cudaPixelFormat(decoder);
        if (hwFormat < 0) {
            warnings.add("Hardware decoding (CUDA) was requested but this FFmpeg build's " + codecName
                    + " decoder has no CUDA hwaccel; decoding in software");
            return none(path);
        }
        AVBufferRef device;
        try (PointerPointer<AVBufferRef> created = new PointerPointer<>(1)) {
            int r = avutil.av_hwdevice_ctx_create(created, avutil.AV_HWDEVICE_TYPE_CUDA, (BytePointer) null, null, 0);
            if (r < 0) {
                warnings.add("Hardware decoding (CUDA) was requested but no CUDA device could be opened ("
                        + Ffmpeg.describe(r) + "; is an NVIDIA driver installed?); decoding in software");
                return none(path);
            }
            device = created.get(AVBufferRef.class, 0);
        }
        AVFrame transfer = av_frame_alloc();
        if (transfer == null) {
            avutil.av_buffer_unref(device);
            throw new OutOfMemoryError("FFmpeg could not allocate a frame for " + path);
        }
        codec.hw_device_ctx(avutil.av_buffer_ref(device));
        LOG.debug("Decoding {} on the GPU (CUDA/NVDEC)", path);
        return new CudaDecoding(path, hwFormat, device, transfer);
    }

    /** @return the pixel format of the decoder's CUDA frames, or -1 when it has no CUDA device configuration */
    private static int cudaPixelFormat(AVCodec decoder) {
        for (int i = 0; ; i++) {
            AVCodecHWConfig config = avcodec.avcodec_get_hw_config(decoder, i);
            if (config == null || config.isNull()) {
                return -1;
            }
            if (config.device_type() == avutil.AV_HWDEVICE_TYPE_CUDA
                    && (config.methods() & avcodec.AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX) != 0) {
                return config.pix_fmt();
            }
        }
    }

    /**
     * @param f a decoded frame
     * @return {@code f}, or when it lives in GPU memory, a copy of it in main memory (valid until the next call)
     * @throws DeepfakeException {@code DECODE_FAILED} when the copy fails
     */
    AVFrame inMainMemory(AVFrame f) throws DeepfakeException {
        if (hwPixelFormat < 0 || f.format() != hwPixelFormat) {
            return f;
        }
        av_frame_unref(transfer);
        int r = avutil.av_hwframe_transfer_data(transfer, f, 0);
        if (r >= 0) {
            r = avutil.av_frame_copy_props(transfer, f);
        }
        if (r < 0) {
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "Cannot copy a GPU-decoded frame of " + path
                    + " to main memory: " + Ffmpeg.describe(r) + "; decode in software (HardwareDecoding.NONE)",
                    path, null);
        }
        return transfer;
    }

    @Override
    public void close() {
        if (transfer != null) {
            av_frame_free(transfer);
            transfer = null;
        }
        if (device != null) {
            avutil.av_buffer_unref(device);
            device = null;
        }
    }
}
