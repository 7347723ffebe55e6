package dev.deepfake4j.cli;

import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.Components;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code deepfake4j frames}: the frames a sampler takes, one line each: index, then timestamp in seconds. */
@Command(name = "frames", mixinStandardHelpOptions = true, description = {
        "Lists the frames a sampler takes from a video: 'index  pts_seconds' per line.",
        "--out DIR also writes them as PNG files."})
final class FramesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--frames", paramLabel = "N", description = "Frames to sample uniformly (default 32).")
    Integer frames;

    @Option(names = "--sampler", paramLabel = "SPEC", description = "uniform:N, every:K, fps:R or keyframes.")
    String sampler;

    @Option(names = "--fast", description = "Move each sample to the nearest frame decodable without B-frames.")
    boolean fast;

    @Option(names = "--out", paramLabel = "DIR", description = "Write each frame as DIR/frame_<index>.png.")
    Path out;

    @Parameters(arity = "1", paramLabel = "VIDEO")
    Path video;

    @Override
    public Integer call() throws Exception {
        DetectorOptions opts = new DetectorOptions();
        opts.frames = frames;
        opts.sampler = sampler;
        FrameSampler s = opts.sampler();
        if (out != null) {
            Files.createDirectories(out);
        }
        PrintWriter pw = spec.commandLine().getOut();
        DecodeOptions decode = DecodeOptions.builder().fastSeek(fast).build();
        try (VideoSource source = Components.discover().videoDecoder().open(video, decode)) {
            source.decode(s.plan(source.info()), frame -> {
                pw.println(String.format(Locale.ROOT, "%d  %.6f", frame.index(), frame.ptsSeconds()));
                if (out != null) {
                    writePng(frame, out.resolve(String.format(Locale.ROOT, "frame_%06d.png", frame.index())));
                }
            });
            for (String w : source.warnings()) {
                spec.commandLine().getErr().println("deepfake4j: warning: " + w);
            }
        }
        pw.flush();
        return Main.EXIT_OK;
    }

    static void writePng(Frame frame, Path file) {
        BufferedImage img = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] src = frame.toPackedArray();
        if (frame.format() == dev.deepfake4j.image.PixelFormat.BGR24) {
            System.arraycopy(src, 0, dst, 0, src.length);
        } else {
            for (int i = 0; i < src.length; i += 3) {
                dst[i] = src[i + 2];
                dst[i + 1] = src[i + 1];
                dst[i + 2] = src[i];
            }
        }
        try {
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
