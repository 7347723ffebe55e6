package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns a decoded {@link AVFrame} (any pixel format FFmpeg decodes: yuv420p, yuv444p, 10-bit, with alpha, …) into
 * an 8-bit BGR/RGB {@link Frame} view: colour conversion and optional scaling in one {@code sws_scale} call into a
 * reused native buffer, then, for rotated videos, one rotation into a second reused buffer (OpenCV's
 * {@code cv::rotate}, a cache-friendly transpose).
 *
 * <p>A frame at its own size and orientation, in 8-bit planar YUV, is converted lazily: {@link #convert} returns a
 * {@linkplain Frame#pendingView pending view}, and only the rectangles the pipeline reads (the boxes around faces
 * between whole-frame detections, the crops) go through the scaler, each through a {@link RegionScalers} scaler of
 * its size; a whole-frame read converts it all at once, as before.
 *
 * <p>Owns its scalers and both buffers; {@link #close()} frees them (idempotent). Each frame it returns is a view
 * valid until {@link #release()} (called when the sink returns), the next {@link #convert} or {@link #close()}.
 * Used by one {@link FfmpegVideoSource}'s decoding thread, except that a pending view may be read, and so converted,
 * by another thread while the sink runs: that is synchronized.
 */
final class FrameConverter implements AutoCloseable {
    private final Path path;
    private final PixelFormat format;
    private final int rotationDegrees;
    private final int scaleLongSide;
    private final int maxWidth;
    private final int maxHeight;

    private SwsContext sws;
    private final ColorDetails swsColors = new ColorDetails();
    private final RegionScalers regions;
    /** The frame the last pending view converts from, until {@link #release()}; guarded by this. */
    private AVFrame pendingSource;
    private int generation;
    private final PointerPointer<BytePointer> dstData = new PointerPointer<>(4);
    private final IntPointer dstLinesize = new IntPointer(4);
    private final Buffer scaled = new Buffer();
    private final Buffer rotated = new Buffer();
    private boolean closed;

    FrameConverter(Path path, PixelFormat format, int rotationDegrees, int scaleLongSide, int maxWidth, int maxHeight) {
        this.path = path;
        this.format = format;
        this.rotationDegrees = rotationDegrees;
        this.scaleLongSide = scaleLongSide;
        this.maxWidth = maxWidth;
        this.maxHeight = maxHeight;
        this.regions = new RegionScalers(format == PixelFormat.BGR24 ? AV_PIX_FMT_BGR24 : AV_PIX_FMT_RGB24);
    }

    /**
     * @param frame a decoded frame (not changed)
     * @param index the frame's display index
     * @param ptsSeconds its presentation time in seconds
     * @return a view over this converter's buffer, valid until {@link #release()}; for a frame at its own size and
     *         orientation in a format {@link RegionScalers} converts, its pixels are converted only where they are
     *         read (a {@linkplain Frame#pendingView pending view})
     * @throws DeepfakeException {@code UNSUPPORTED_INPUT} when the frame is larger than the limits (checked before
     *         any buffer is allocated), {@code DECODE_FAILED} when the scaler cannot handle the frame
     */
    synchronized Frame convert(AVFrame frame, int index, double ptsSeconds) throws DeepfakeException {
        int srcW = frame.width();
        int srcH = frame.height();
        boolean quarterTurn = rotationDegrees % 180 != 0;
        int shownW = quarterTurn ? srcH : srcW;
        int shownH = quarterTurn ? srcW : srcH;
        if (shownW > maxWidth || shownH > maxHeight) {
            throw new DeepfakeException(ErrorCode.UNSUPPORTED_INPUT, "Video frame of " + path + " is " + shownW + "x"
                    + shownH + " pixels, above the limit of " + maxWidth + "x" + maxHeight
                    + "; raise DecodeOptions.maxDimensions to accept it", path, null);
        }
        int outW = shownW;
        int outH = shownH;
        if (scaleLongSide > 0) {
            if (shownW >= shownH) {
                outW = scaleLongSide;
                outH = Math.max(1, (int) Math.round((double) shownH * scaleLongSide / shownW));
            } else {
                outH = scaleLongSide;
                outW = Math.max(1, (int) Math.round((double) shownW * scaleLongSide / shownH));
            }
        }
        int scaledW = quarterTurn ? outH : outW;
        int scaledH = quarterTurn ? outW : outH;

        sws = sws_getCachedContext(sws, srcW, srcH, frame.format(), scaledW, scaledH,
                format == PixelFormat.BGR24 ? AV_PIX_FMT_BGR24 : AV_PIX_FMT_RGB24, SWS_BILINEAR, null, null,
                (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            sws = null;
            throw new DeepfakeException(ErrorCode.DECODE_FAILED, "Cannot convert frames of " + path + " from pixel "
                    + "format " + Ffmpeg.pixelFormatName(frame.format()) + " (" + srcW + "x" + srcH + ") to " + format,
                    path, null);
        }
        swsColors.apply(sws, frame);

        int scaledStride = align(scaledW * 3);
        scaled.ensure((long) scaledStride * scaledH);
        dstData.put(0, scaled.pointer);
        dstLinesize.put(0, scaledStride);
        if (rotationDegrees == 0 && scaledW == srcW && scaledH == srcH
                && RegionScalers.supports(frame.format(), srcW)) {
            pendingSource = frame;
            int pendingGeneration = ++generation;
            return Frame.pendingView(index, ptsSeconds, outW, outH, scaledStride, format, scaled.view(),
                    (x, y, w, h) -> fill(pendingGeneration, x, y, w, h));
        }
        sws_scale(sws, new PointerPointer<>(frame), frame.linesize(), 0, srcH, dstData, dstLinesize);

        if (rotationDegrees == 0) {
            return Frame.view(index, ptsSeconds, outW, outH, scaledStride, format, scaled.view());
        }
        int rotatedStride = outW * 3;
        rotated.ensure((long) rotatedStride * outH);
        try (Mat src = new Mat(scaledH, scaledW, opencv_core.CV_8UC3, scaled.pointer, scaledStride);
                Mat dst = new Mat(outH, outW, opencv_core.CV_8UC3, rotated.pointer, rotatedStride)) {
            int code = switch (rotationDegrees) {
                case 90 -> opencv_core.ROTATE_90_CLOCKWISE;
                case 180 -> opencv_core.ROTATE_180;
                default -> opencv_core.ROTATE_90_COUNTERCLOCKWISE;
            };
            opencv_core.rotate(src, dst, code);
            if (dst.data().address() != rotated.pointer.address()) {
                // cv::rotate reallocated instead of writing into our buffer: a size mismatch, i.e. a bug here.
                throw new IllegalStateException("rotation did not write into the frame buffer of " + path);
            }
        }
        return Frame.view(index, ptsSeconds, outW, outH, rotatedStride, format, rotated.view());
    }

    /**
     * Ends the last frame's life: its pending pixels can no longer be converted. The caller calls this once the
     * sink it delivered the frame to returned, before the decoded frame is reused.
     */
    synchronized void release() {
        pendingSource = null;
    }

    /** Converts a rectangle of a pending view's pixels (called under the view's lock, on any thread). */
    private synchronized void fill(int ofGeneration, int x, int y, int w, int h) {
        if (ofGeneration != generation || pendingSource == null || closed) {
            throw new IllegalStateException("A frame of " + path + " was read after the callback it was delivered "
                    + "to returned; copy() it inside the callback to keep it");
        }
        AVFrame src = pendingSource;
        if (x == 0 && y == 0 && w == src.width() && h == src.height()
                || !regions.convert(src, x, y, w, h, scaled.pointer, dstLinesize.get(0))) {
            sws_scale(sws, new PointerPointer<>(src), src.linesize(), 0, src.height(), dstData, dstLinesize);
        }
    }

    private static int align(int bytes) {
        return (bytes + 31) & ~31;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        regions.close();
        scaled.close();
        rotated.close();
        dstData.close();
        dstLinesize.close();
    }

    /** A growable native buffer with a cached {@link ByteBuffer} over it. */
    private static final class Buffer {
        private BytePointer pointer;
        private ByteBuffer view;
        private long size;

        void ensure(long bytes) {
            if (pointer != null && size == bytes) {
                return;
            }
            if (pointer == null || pointer.capacity() < bytes) {
                close();
                // 64 bytes of slack: SIMD scalers may write a little past the last row's end.
                pointer = new BytePointer(bytes + 64);
            }
            size = bytes;
            view = pointer.position(0).limit(bytes).asByteBuffer();
        }

        ByteBuffer view() {
            return view;
        }

        void close() {
            if (pointer != null) {
                pointer.close();
                pointer = null;
                view = null;
                size = 0;
            }
        }
    }
}
