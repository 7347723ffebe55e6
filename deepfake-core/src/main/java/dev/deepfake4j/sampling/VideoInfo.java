package dev.deepfake4j.sampling;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a decoder learned about a video before decoding frames: the facts a {@link FrameSampler} plans with.
 *
 * <p>Sizes are in pixels. {@link #width()}/{@link #height()} are the <em>displayed</em> size, after the rotation
 * metadata is applied (a portrait phone video is taller than wide); {@link #codedWidth()}/{@link #codedHeight()}
 * are the size as stored. Immutable and thread-safe.
 */
public final class VideoInfo {
    private final Path path;
    private final double durationSeconds;
    private final long frameCount;
    private final boolean frameCountExact;
    private final double fps;
    private final int codedWidth;
    private final int codedHeight;
    private final int rotationDegrees;
    private final String codec;
    private final boolean hasAudio;
    private final List<Integer> keyframeIndices;

    private VideoInfo(Builder b) {
        this.path = b.path;
        this.durationSeconds = b.durationSeconds;
        this.frameCount = b.frameCount;
        this.frameCountExact = b.frameCountExact;
        this.fps = b.fps;
        this.codedWidth = b.codedWidth;
        this.codedHeight = b.codedHeight;
        this.rotationDegrees = b.rotationDegrees;
        this.codec = b.codec;
        this.hasAudio = b.hasAudio;
        this.keyframeIndices = List.copyOf(b.keyframeIndices);
    }

    /** @return a builder; decoders fill it in */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the file this describes, or {@code null} when the video did not come from a file */
    public Path path() {
        return path;
    }

    /** @return duration in seconds, or {@code NaN} when neither container nor stream says */
    public double durationSeconds() {
        return durationSeconds;
    }

    /** @return number of frames; exact only when {@link #frameCountExact()}, otherwise duration × fps */
    public long frameCount() {
        return frameCount;
    }

    /** @return whether {@link #frameCount()} was counted or read from an index rather than estimated */
    public boolean frameCountExact() {
        return frameCountExact;
    }

    /** @return average frame rate in frames per second (for variable-frame-rate video, frames / duration) */
    public double fps() {
        return fps;
    }

    /** @return width as stored in the stream, in pixels */
    public int codedWidth() {
        return codedWidth;
    }

    /** @return height as stored in the stream, in pixels */
    public int codedHeight() {
        return codedHeight;
    }

    /** @return clockwise rotation applied for display: 0, 90, 180 or 270 degrees */
    public int rotationDegrees() {
        return rotationDegrees;
    }

    /** @return displayed width in pixels (after rotation) */
    public int width() {
        return rotationDegrees % 180 == 0 ? codedWidth : codedHeight;
    }

    /** @return displayed height in pixels (after rotation) */
    public int height() {
        return rotationDegrees % 180 == 0 ? codedHeight : codedWidth;
    }

    /** @return the codec's short name, e.g. {@code h264}, {@code vp9} */
    public String codec() {
        return codec;
    }

    /** @return whether the container also holds an audio stream */
    public boolean hasAudio() {
        return hasAudio;
    }

    /** @return indices of keyframes in ascending order when the index tells them, else an empty list */
    public List<Integer> keyframeIndices() {
        return keyframeIndices;
    }

    @Override
    public String toString() {
        return "VideoInfo[" + (path == null ? "" : path + " ") + width() + "x" + height() + " " + codec + " "
                + (frameCountExact ? "" : "~") + frameCount + " frames @" + String.format("%.3f", fps) + " fps, "
                + String.format("%.3f", durationSeconds) + " s" + (rotationDegrees != 0 ? ", rotated " + rotationDegrees : "")
                + (hasAudio ? ", audio" : "") + "]";
    }

    /** Builds a {@link VideoInfo}; not thread-safe. */
    public static final class Builder {
        private Path path;
        private double durationSeconds = Double.NaN;
        private long frameCount;
        private boolean frameCountExact;
        private double fps = Double.NaN;
        private int codedWidth;
        private int codedHeight;
        private int rotationDegrees;
        private String codec = "unknown";
        private boolean hasAudio;
        private List<Integer> keyframeIndices = List.of();

        private Builder() {
        }

        /** @param path the source file @return this */
        public Builder path(Path path) {
            this.path = path;
            return this;
        }

        /** @param seconds duration in seconds, or NaN when unknown @return this */
        public Builder durationSeconds(double seconds) {
            checkArgument(Double.isNaN(seconds) || seconds >= 0, "duration cannot be negative: %s", seconds);
            this.durationSeconds = seconds;
            return this;
        }

        /**
         * @param count number of frames
         * @param exact whether it was counted or read from an index (not estimated)
         * @return this
         */
        public Builder frameCount(long count, boolean exact) {
            checkArgument(count >= 0, "frame count cannot be negative: %s", count);
            this.frameCount = count;
            this.frameCountExact = exact;
            return this;
        }

        /** @param fps average frames per second @return this */
        public Builder fps(double fps) {
            checkArgument(Double.isNaN(fps) || fps > 0, "fps must be positive: %s", fps);
            this.fps = fps;
            return this;
        }

        /**
         * @param width stored width in pixels
         * @param height stored height in pixels
         * @return this
         */
        public Builder codedSize(int width, int height) {
            checkArgument(width > 0 && height > 0, "video size must be positive: %sx%s", width, height);
            this.codedWidth = width;
            this.codedHeight = height;
            return this;
        }

        /** @param degrees clockwise display rotation; normalised to 0, 90, 180 or 270 @return this */
        public Builder rotationDegrees(int degrees) {
            int d = Math.floorMod(degrees, 360);
            checkArgument(d % 90 == 0, "rotation must be a multiple of 90 degrees: %s", degrees);
            this.rotationDegrees = d;
            return this;
        }

        /** @param codec codec short name @return this */
        public Builder codec(String codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** @param hasAudio whether an audio stream exists @return this */
        public Builder hasAudio(boolean hasAudio) {
            this.hasAudio = hasAudio;
            return this;
        }

        /** @param indices keyframe indices, ascending @return this */
        public Builder keyframeIndices(List<Integer> indices) {
            this.keyframeIndices = List.copyOf(indices);
            return this;
        }

        /** @return the info; the builder stays usable */
        public VideoInfo build() {
            checkArgument(codedWidth > 0, "video size was not set");
            return new VideoInfo(this);
        }
    }
}
