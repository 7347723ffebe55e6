package dev.deepfake4j.benchmarks;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.video.ffmpeg.FfmpegVideoDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where benchmarks find their inputs: the shared test assets (system property {@code deepfake4j.assets}, else the
 * environment variable {@code DEEPFAKE4J_ASSETS}, else {@code ../shared/assets} from the working directory, which
 * is the repository root when run with {@code deepfake-benchmarks/run-quick.sh}). Stateless and thread-safe.
 */
public final class BenchmarkAssets {
    /** The 1080p DFDC clip the issues measure against (1920×1080, 300 frames, one keyframe, 222 B-frames). */
    public static final String DFDC_1080P = "videos/labelled/dfdc/lynaeydofd.mp4";
    /** A 720p DFDC clip (720×1280 portrait, 301 frames). */
    public static final String DFDC_720P = "videos/labelled/dfdc/yhffcuhhjy.mp4";

    private BenchmarkAssets() {
    }

    /** @return the asset folder */
    public static Path root() {
        String prop = System.getProperty("deepfake4j.assets");
        if (prop == null || prop.isBlank()) {
            prop = System.getenv("DEEPFAKE4J_ASSETS");
        }
        return Path.of(prop == null || prop.isBlank() ? "../shared/assets" : prop).toAbsolutePath().normalize();
    }

    /**
     * @param relative a path inside the asset folder
     * @return the file
     * @throws IllegalStateException naming the file and the property to set when it is missing
     */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("Benchmark asset " + p + " is missing; set -Ddeepfake4j.assets=DIR or"
                    + " DEEPFAKE4J_ASSETS to the shared assets folder");
        }
        return p;
    }

    /**
     * @param resolution {@code 1080p} or {@code 720p}
     * @return the DFDC clip of that resolution
     */
    public static Path dfdcClip(String resolution) {
        return switch (resolution) {
            case "1080p" -> require(DFDC_1080P);
            case "720p" -> require(DFDC_720P);
            default -> throw new IllegalArgumentException("unknown resolution '" + resolution + "'; use 1080p or 720p");
        };
    }

    /** @return the 9 labelled videos (5 DFDC, 4 FaceForensics++), in a fixed order */
    public static List<Path> labelledVideos() throws java.io.IOException {
        List<Path> videos = new ArrayList<>();
        try (var files = Files.walk(require("videos/labelled"))) {
            files.filter(p -> p.toString().endsWith(".mp4")).sorted().forEach(videos::add);
        }
        return videos;
    }

    /**
     * Decodes one frame of a clip into an owned BGR frame.
     *
     * @param video the clip
     * @param seconds where, in seconds from the start
     * @return an owned copy of the frame nearest that time
     * @throws DeepfakeException when decoding fails
     */
    public static Frame frameOf(Path video, double seconds) throws DeepfakeException {
        List<Frame> frames = new ArrayList<>();
        try (VideoSource source = new FfmpegVideoDecoder().open(video, DecodeOptions.defaults())) {
            SamplePlan plan = FrameSampler.at(seconds).plan(source.info());
            source.decode(plan, f -> frames.add(f.copy()));
        }
        if (frames.isEmpty()) {
            throw new IllegalStateException("no frame at " + seconds + " s in " + video);
        }
        return frames.get(0);
    }
}
