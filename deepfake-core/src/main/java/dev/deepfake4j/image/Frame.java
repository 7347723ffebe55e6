package dev.deepfake4j.image;

import static dev.deepfake4j.internal.Checks.checkArgument;

import dev.deepfake4j.internal.Checks;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One decoded video frame (or still image): 8-bit interleaved pixels in an explicit {@link PixelFormat}, with its
 * index in the video and its presentation timestamp.
 *
 * <p><b>Ownership.</b> A frame is either <em>owned</em> (its pixels live on the Java heap and never change; keep
 * it as long as you like) or a <em>view</em> (its pixels live in a buffer the decoder reuses; it is valid only
 * inside the {@code FrameSink.accept} call that delivered it). {@link #isOwned()} tells which; {@link #copy()}
 * turns a view into an owned frame. Reading a view after its callback returned reads whatever frame the decoder
 * wrote next.
 *
 * <p><b>Pending pixels.</b> A decoder may deliver a view whose pixels are converted only when read
 * ({@link #pendingView}): {@link #region} then converts only that rectangle, every other way to the pixels
 * ({@link #pixels()}, {@link #sample}, {@link #copy()}, …) the whole frame, once. Readers see no difference, except
 * that reading a region of a view is cheaper than reading all of it.
 *
 * <p><b>Thread safety.</b> Immutable for owned frames. A view may be read by any thread while its callback runs;
 * the conversion of pending pixels is done under the frame's lock.
 */
public final class Frame {
    private final int index;
    private final double ptsSeconds;
    private final int width;
    private final int height;
    private final int rowStride;
    private final PixelFormat format;
    private final ByteBuffer pixels;
    private final boolean owned;
    /** Converts pixels on first read; null once every pixel is in the buffer (and for all other frames). */
    private volatile PendingPixels pending;
    /** Rectangles already filled while {@link #pending} is set, as x, y, width, height; guarded by this. */
    private int[] filled = new int[0];

    private Frame(int index, double ptsSeconds, int width, int height, int rowStride, PixelFormat format,
            ByteBuffer pixels, boolean owned) {
        this(index, ptsSeconds, width, height, rowStride, format, pixels, owned, null);
    }

    private Frame(int index, double ptsSeconds, int width, int height, int rowStride, PixelFormat format,
            ByteBuffer pixels, boolean owned, PendingPixels pending) {
        checkArgument(width > 0 && height > 0, "frame size must be positive: %sx%s", width, height);
        checkArgument(rowStride >= width * format.bytesPerPixel(),
                "row stride %s is smaller than width %s x %s bytes", rowStride, width, format.bytesPerPixel());
        long needed = (long) rowStride * (height - 1) + (long) width * format.bytesPerPixel();
        checkArgument(pixels.remaining() >= needed, "pixel buffer holds %s bytes, %sx%s %s needs %s",
                pixels.remaining(), width, height, format, needed);
        this.index = index;
        this.ptsSeconds = ptsSeconds;
        this.width = width;
        this.height = height;
        this.rowStride = rowStride;
        this.format = Objects.requireNonNull(format, "format");
        this.pixels = pixels.asReadOnlyBuffer();
        this.owned = owned;
        this.pending = pending;
    }

    /**
     * An owned frame over a heap array, tightly packed ({@code rowStride = width * 3}). The frame takes the
     * array: the caller must not change it afterwards.
     *
     * @param index frame index in the video (0-based), or 0 for a still image
     * @param ptsSeconds presentation timestamp in seconds, or 0 for a still image
     * @param width width in pixels
     * @param height height in pixels
     * @param format channel order
     * @param pixels {@code width * height * 3} bytes, row by row
     * @return an owned frame
     */
    public static Frame owned(int index, double ptsSeconds, int width, int height, PixelFormat format, byte[] pixels) {
        return new Frame(index, ptsSeconds, width, height, width * format.bytesPerPixel(), format,
                ByteBuffer.wrap(pixels), true);
    }

    /**
     * A view over a buffer the caller keeps reusing (typically native memory of a decoder). Valid only until the
     * caller overwrites the buffer; see the class comment.
     *
     * @param index frame index in the video (0-based)
     * @param ptsSeconds presentation timestamp in seconds
     * @param width width in pixels
     * @param height height in pixels
     * @param rowStride bytes from the start of one row to the start of the next
     * @param format channel order
     * @param pixels the buffer, positioned at the first pixel
     * @return a view frame
     */
    public static Frame view(int index, double ptsSeconds, int width, int height, int rowStride, PixelFormat format,
            ByteBuffer pixels) {
        return new Frame(index, ptsSeconds, width, height, rowStride, format, pixels, false);
    }

    /**
     * A view like {@link #view} whose pixels are not in the buffer yet: {@code pending} writes them there when they
     * are first read, a rectangle at a time for {@link #region}, the whole frame for anything else. For decoders;
     * see {@link PendingPixels} for the contract.
     *
     * @param index frame index in the video (0-based)
     * @param ptsSeconds presentation timestamp in seconds
     * @param width width in pixels
     * @param height height in pixels
     * @param rowStride bytes from the start of one row to the start of the next
     * @param format channel order
     * @param pixels the buffer the pixels are to be written into, positioned at the first pixel
     * @param pending writes rectangles of the pixels into {@code pixels} on demand
     * @return a view frame
     */
    public static Frame pendingView(int index, double ptsSeconds, int width, int height, int rowStride,
            PixelFormat format, ByteBuffer pixels, PendingPixels pending) {
        return new Frame(index, ptsSeconds, width, height, rowStride, format, pixels, false,
                Objects.requireNonNull(pending, "pending"));
    }

    /** @return 0-based index of the frame in decode-display order of the video */
    public int index() {
        return index;
    }

    /** @return presentation timestamp in seconds from the start of the stream */
    public double ptsSeconds() {
        return ptsSeconds;
    }

    /** @return width in pixels */
    public int width() {
        return width;
    }

    /** @return height in pixels */
    public int height() {
        return height;
    }

    /** @return bytes from the start of one row to the start of the next ({@code >= width * 3}) */
    public int rowStride() {
        return rowStride;
    }

    /** @return the channel order of the pixels */
    public PixelFormat format() {
        return format;
    }

    /** @return whether the pixels are owned by this frame (see the class comment) */
    public boolean isOwned() {
        return owned;
    }

    /**
     * @return a read-only view of the pixels, positioned at the first pixel; may be direct (native) memory
     */
    public ByteBuffer pixels() {
        fillAll();
        return pixels.duplicate();
    }

    /**
     * @param x column in pixels
     * @param y row in pixels
     * @param channel 0, 1 or 2 in the order of {@link #format()}
     * @return the sample value, 0..255
     */
    public int sample(int x, int y, int channel) {
        if (x < 0 || x >= width || y < 0 || y >= height || channel < 0 || channel >= 3) {
            // Per pixel: no varargs array or boxing unless it fails.
            throw new IllegalArgumentException(Checks.format("(%s, %s, channel %s) is outside a %sx%s frame",
                    x, y, channel, width, height));
        }
        fillAll();
        return pixels.get(pixels.position() + y * rowStride + x * 3 + channel) & 0xFF;
    }

    /** @return the pixels tightly packed into a new array ({@code width * height * 3} bytes) */
    public byte[] toPackedArray() {
        byte[] out = new byte[width * height * 3];
        fillAll();
        ByteBuffer src = pixels.duplicate();
        int base = src.position();
        for (int y = 0; y < height; y++) {
            src.position(base + y * rowStride);
            src.get(out, y * width * 3, width * 3);
        }
        return out;
    }

    /**
     * A small owned copy for previews and reports: the longer side becomes {@code longSide} pixels (never
     * enlarged), each output pixel the mean of a 2×2 grid of samples of its source area. Meant for thumbnails of a
     * few hundred pixels; use OpenCV for quality resizing.
     *
     * @param longSide the longer side of the result in pixels, at least 1
     * @return an owned frame with the same index, timestamp and pixel format
     */
    public Frame thumbnail(int longSide) {
        checkArgument(longSide > 0, "thumbnail size must be positive: %s", longSide);
        double scale = Math.min(1.0, (double) longSide / Math.max(width, height));
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        byte[] out = new byte[w * h * 3];
        fillAll();
        int base = pixels.position();
        double sx = (double) width / w;
        double sy = (double) height / h;
        for (int y = 0; y < h; y++) {
            int y0 = Math.min(height - 1, (int) ((y + 0.25) * sy));
            int y1 = Math.min(height - 1, (int) ((y + 0.75) * sy));
            for (int x = 0; x < w; x++) {
                int x0 = Math.min(width - 1, (int) ((x + 0.25) * sx));
                int x1 = Math.min(width - 1, (int) ((x + 0.75) * sx));
                for (int c = 0; c < 3; c++) {
                    int sum = (pixels.get(base + y0 * rowStride + x0 * 3 + c) & 0xFF)
                            + (pixels.get(base + y0 * rowStride + x1 * 3 + c) & 0xFF)
                            + (pixels.get(base + y1 * rowStride + x0 * 3 + c) & 0xFF)
                            + (pixels.get(base + y1 * rowStride + x1 * 3 + c) & 0xFF);
                    out[(y * w + x) * 3 + c] = (byte) ((sum + 2) / 4);
                }
            }
        }
        return owned(index, ptsSeconds, w, h, format, out);
    }

    /**
     * A rectangle of this frame without copying: a view over the same pixels, valid as long as this frame is (for a
     * view frame, inside its callback; for an owned one, always). Coordinates of the result are relative to the
     * rectangle's top-left corner; same index, timestamp and format. Of a frame with pending pixels, only the
     * rectangle is converted.
     *
     * @param x left column in pixels, {@code >= 0}
     * @param y top row in pixels, {@code >= 0}
     * @param w width in pixels, at least 1, {@code x + w <= width()}
     * @param h height in pixels, at least 1, {@code y + h <= height()}
     * @return a view frame over the rectangle
     */
    public Frame region(int x, int y, int w, int h) {
        checkArgument(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width && y + h <= height,
                "region %sx%s at (%s,%s) is outside the %sx%s frame", w, h, x, y, width, height);
        if (pending != null) { // no lock for the frames that have nothing pending, most of them
            fill(x, y, w, h);
        }
        ByteBuffer src = pixels.duplicate();
        src.position(src.position() + y * rowStride + x * format.bytesPerPixel());
        return new Frame(index, ptsSeconds, w, h, rowStride, format, src, false);
    }

    private void fillAll() {
        if (pending != null) {
            fill(0, 0, width, height);
        }
    }

    /**
     * Writes a rectangle's pending pixels into the buffer unless an earlier rectangle holds it. Once the rectangles
     * filled add up to half the frame, the rest is filled too: a frame read in many pieces is then read like a
     * whole one.
     */
    private synchronized void fill(int x, int y, int w, int h) {
        PendingPixels p = pending;
        if (p == null) {
            return;
        }
        long area = 0;
        for (int i = 0; i < filled.length; i += 4) {
            if (x >= filled[i] && y >= filled[i + 1] && x + w <= filled[i] + filled[i + 2]
                    && y + h <= filled[i + 1] + filled[i + 3]) {
                return;
            }
            area += (long) filled[i + 2] * filled[i + 3];
        }
        area += (long) w * h;
        if (2 * area >= (long) width * height) {
            p.fill(0, 0, width, height);
            pending = null;
            filled = new int[0];
            return;
        }
        p.fill(x, y, w, h);
        int[] grown = Arrays.copyOf(filled, filled.length + 4);
        grown[filled.length] = x;
        grown[filled.length + 1] = y;
        grown[filled.length + 2] = w;
        grown[filled.length + 3] = h;
        filled = grown;
    }

    /** @return an owned, tightly packed copy of this frame (this frame itself when it is already owned and packed) */
    public Frame copy() {
        if (owned && rowStride == width * 3) {
            return this;
        }
        return owned(index, ptsSeconds, width, height, format, toPackedArray());
    }

    @Override
    public String toString() {
        return "Frame[#" + index + " @" + ptsSeconds + "s " + width + "x" + height + " " + format
                + (owned ? "" : " view") + "]";
    }
}
