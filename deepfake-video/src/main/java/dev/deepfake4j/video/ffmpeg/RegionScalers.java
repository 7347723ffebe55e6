package dev.deepfake4j.video.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_BAYER;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_BITSTREAM;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_FLOAT;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_HWACCEL;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_PAL;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_PLANAR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_RGB;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_FLAG_XYZ;
import static org.bytedeco.ffmpeg.global.avutil.av_pix_fmt_desc_get;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avutil.AVComponentDescriptor;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Converts rectangles of a decoded frame to packed BGR/RGB at the frame's own size, for frames whose pixels are
 * converted only where they are read ({@link dev.deepfake4j.image.PendingPixels}). The scaler is given the
 * rectangle's planes (pointers moved to its corner) as a picture of its own size; without scaling, every output
 * pixel depends only on the input pixels at its own position, so the rectangle gets the bytes a whole-frame
 * conversion writes there (checked against whole frames in {@code PendingPixelsTest}).
 *
 * <p>Only 8-bit planar YUV without alpha, in frames whose width is a multiple of {@value #GRID}, qualifies
 * ({@link #supports}): SIMD converters may write up to 8 pixels past a row's end, which at the right edge of a
 * narrower frame would land on the next row's first pixels, filled already by another rectangle. Rectangles are
 * widened to a 16-pixel grid, which keeps chroma samples and the rows the converters take in pairs aligned, keeps
 * the output 16-byte aligned, and lets one scaler serve rectangles of nearly the same size. Scalers are kept per size, the
 * {@value #KEPT} most recently used.
 *
 * <p>Owns its scalers; {@link #close()} frees them. Not thread-safe: it belongs to one {@link FrameConverter}.
 */
final class RegionScalers implements AutoCloseable {
    /** The grid rectangles are widened to, in pixels. */
    static final int GRID = 16;
    /** Scalers kept, one per rectangle size. */
    static final int KEPT = 8;

    private final int dstFormat;
    private final Map<Long, Scaler> scalers = new LinkedHashMap<>(16, 0.75f, true);
    private final PointerPointer<BytePointer> srcData = new PointerPointer<>(4);
    private final IntPointer srcLinesize = new IntPointer(4);
    private final PointerPointer<BytePointer> dstData = new PointerPointer<>(4);
    private final IntPointer dstLinesize = new IntPointer(4);
    private boolean closed;

    /** @param dstFormat the packed AVPixelFormat to write (BGR24 or RGB24) */
    RegionScalers(int dstFormat) {
        this.dstFormat = dstFormat;
    }

    /**
     * @param pixFmt a decoded frame's AVPixelFormat
     * @param width the frame's width in pixels
     * @return whether its rectangles can be converted here: 8-bit planar YUV, three components, a width on the grid
     */
    static boolean supports(int pixFmt, int width) {
        if (width % GRID != 0) {
            return false;
        }
        AVPixFmtDescriptor desc = av_pix_fmt_desc_get(pixFmt);
        if (desc == null || desc.isNull() || desc.nb_components() != 3) {
            return false;
        }
        long excluded = AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_HWACCEL
                | AV_PIX_FMT_FLAG_BAYER | AV_PIX_FMT_FLAG_FLOAT | AV_PIX_FMT_FLAG_XYZ;
        if ((desc.flags() & AV_PIX_FMT_FLAG_PLANAR) == 0 || (desc.flags() & excluded) != 0
                || desc.log2_chroma_w() > 4 || desc.log2_chroma_h() > 4) {
            return false;
        }
        for (int c = 0; c < 3; c++) {
            if (desc.comp(c).depth() != 8) {
                return false;
            }
        }
        return true;
    }

    /**
     * Converts at least the rectangle {@code x, y, width, height} of {@code src} into {@code dst}, a packed buffer
     * of the frame's size.
     *
     * @param src a decoded frame in a {@linkplain #supports supported} format, in main memory
     * @param dst the first byte of the frame's output buffer
     * @param dstStride bytes per output row
     * @return false when FFmpeg would not make a scaler for the rectangle (the caller converts the whole frame)
     */
    boolean convert(AVFrame src, int x, int y, int width, int height, BytePointer dst, int dstStride) {
        int x1 = x / GRID * GRID;
        int y1 = y / GRID * GRID;
        int w = Math.min(src.width() - x1, roundUp(x + width - x1));
        int h = Math.min(src.height() - y1, roundUp(y + height - y1));
        Scaler scaler = scaler(src.format(), w, h);
        if (scaler == null) {
            return false;
        }
        scaler.colors.apply(scaler.sws, src);
        AVPixFmtDescriptor desc = av_pix_fmt_desc_get(src.format());
        for (int plane = 0; plane < 4; plane++) {
            srcData.put(plane, (BytePointer) null);
            srcLinesize.put(plane, 0);
        }
        for (int c = 0; c < 3; c++) {
            AVComponentDescriptor comp = desc.comp(c);
            int plane = comp.plane();
            int shiftX = c == 0 ? 0 : desc.log2_chroma_w();
            int shiftY = c == 0 ? 0 : desc.log2_chroma_h();
            int linesize = src.linesize(plane);
            long offset = (long) (y1 >> shiftY) * linesize + (long) (x1 >> shiftX) * comp.step();
            srcData.put(plane, new BytePointer(src.data(plane)).position(offset));
            srcLinesize.put(plane, linesize);
        }
        dstData.put(0, new BytePointer(dst).position((long) y1 * dstStride + (long) x1 * 3));
        dstLinesize.put(0, dstStride);
        sws_scale(scaler.sws, srcData, srcLinesize, 0, h, dstData, dstLinesize);
        return true;
    }

    private Scaler scaler(int srcFormat, int w, int h) {
        long key = ((long) srcFormat << 40) | ((long) w << 20) | h;
        Scaler s = scalers.get(key);
        if (s != null) {
            return s;
        }
        SwsContext sws = sws_getContext(w, h, srcFormat, w, h, dstFormat, SWS_BILINEAR, null, null,
                (DoublePointer) null);
        if (sws == null || sws.isNull()) {
            return null;
        }
        if (scalers.size() >= KEPT) {
            Iterator<Scaler> eldest = scalers.values().iterator();
            sws_freeContext(eldest.next().sws);
            eldest.remove();
        }
        s = new Scaler(sws);
        scalers.put(key, s);
        return s;
    }

    private static int roundUp(int side) {
        return (side + GRID - 1) / GRID * GRID;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Scaler s : scalers.values()) {
            sws_freeContext(s.sws);
        }
        scalers.clear();
        srcData.close();
        srcLinesize.close();
        dstData.close();
        dstLinesize.close();
    }

    /** A scaler for one rectangle size, with the colour details it was given. */
    private static final class Scaler {
        final SwsContext sws;
        final ColorDetails colors = new ColorDetails();

        Scaler(SwsContext sws) {
            this.sws = sws;
        }
    }
}
