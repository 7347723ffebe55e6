package dev.deepfake4j.face;

import static dev.deepfake4j.internal.Checks.checkArgument;

import dev.deepfake4j.image.PixelFormat;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A face cut out of a frame and resized to a classifier's input size: owned, immutable 8-bit pixels, tightly
 * packed, in the colour order the classifier's {@link dev.deepfake4j.classify.InputSpec} asks for. Carries where
 * it came from. Thread-safe.
 */
public final class FaceCrop {
    private final int frameIndex;
    private final double ptsSeconds;
    private final FaceBox source;
    private final int width;
    private final int height;
    private final PixelFormat format;
    private final byte[] pixels;

    /**
     * @param frameIndex index of the frame the face came from
     * @param ptsSeconds presentation time of that frame in seconds
     * @param source the face box in the frame's pixels
     * @param width crop width in pixels
     * @param height crop height in pixels
     * @param format channel order of {@code pixels}
     * @param pixels {@code width * height * 3} bytes; the crop takes the array (do not change it afterwards)
     */
    public FaceCrop(int frameIndex, double ptsSeconds, FaceBox source, int width, int height, PixelFormat format,
            byte[] pixels) {
        checkArgument(width > 0 && height > 0, "crop size must be positive: %sx%s", width, height);
        checkArgument(pixels.length == width * height * 3, "a %sx%s crop needs %s bytes, got %s", width, height,
                width * height * 3, pixels.length);
        this.frameIndex = frameIndex;
        this.ptsSeconds = ptsSeconds;
        this.source = Objects.requireNonNull(source, "source");
        this.width = width;
        this.height = height;
        this.format = Objects.requireNonNull(format, "format");
        this.pixels = pixels;
    }

    /** @return index of the source frame */
    public int frameIndex() {
        return frameIndex;
    }

    /** @return presentation time of the source frame in seconds */
    public double ptsSeconds() {
        return ptsSeconds;
    }

    /** @return the face box in the source frame's pixels */
    public FaceBox source() {
        return source;
    }

    /** @return width in pixels */
    public int width() {
        return width;
    }

    /** @return height in pixels */
    public int height() {
        return height;
    }

    /** @return channel order */
    public PixelFormat format() {
        return format;
    }

    /** @return a read-only view of the {@code width * height * 3} pixel bytes, row by row */
    public ByteBuffer pixels() {
        return ByteBuffer.wrap(pixels).asReadOnlyBuffer();
    }

    /**
     * @param x column in pixels
     * @param y row in pixels
     * @param channel 0, 1 or 2 in the order of {@link #format()}
     * @return the sample value, 0..255
     */
    public int sample(int x, int y, int channel) {
        return pixels[(y * width + x) * 3 + channel] & 0xFF;
    }

    @Override
    public String toString() {
        return "FaceCrop[frame " + frameIndex + " " + width + "x" + height + " " + format + " from " + source + "]";
    }
}
