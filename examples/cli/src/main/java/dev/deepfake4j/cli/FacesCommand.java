package dev.deepfake4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.server.ReportJson;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.Components;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.video.opencv.Images;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code deepfake4j faces}: the faces a locator finds, one line each: {@code x1 y1 x2 y2 score}. */
@Command(name = "faces", mixinStandardHelpOptions = true, description = {
        "Lists the faces a locator finds in images or sampled video frames: 'x1 y1 x2 y2 score' per line,",
        "in pixels of the original image. With several inputs or a video, a '# path [frame N]' line comes first.",
        "--out DIR writes annotated images. Exit code 3 when some inputs failed."})
final class FacesCommand implements Callable<Integer> {
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff");

    @Spec
    CommandSpec spec;

    @Option(names = "--locator", paramLabel = "NAME", description = "yunet (default), yunet-opencv, haar, lbp, ultraface, blazeface, blazeface-back.")
    String locator = "yunet";

    @Option(names = "--frames", paramLabel = "N", description = "Frames to sample uniformly from each video (default 8).")
    int frames = 8;

    @Option(names = "--json", description = "One JSON object per face: path, frame, box, score, landmarks.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "Write annotated images into DIR.")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "IMAGE|VIDEO")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        DetectorOptions.positive(frames, "--frames");
        if (out != null) {
            Files.createDirectories(out);
        }
        PrintWriter pw = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean headers = !json && (inputs.size() > 1 || inputs.stream().anyMatch(p -> !isImage(p)));
        int failed = 0;
        try (FaceLocator faceLocator = ComponentChoices.locator(locator)) {
            for (Path input : inputs) {
                try {
                    if (isImage(input)) {
                        report(faceLocator, Images.read(input), input, false, headers, pw);
                    } else {
                        try (VideoSource source = Components.discover().videoDecoder().open(input, DecodeOptions.defaults())) {
                            source.decode(FrameSampler.uniform(frames).plan(source.info()),
                                    frame -> report(faceLocator, frame, input, true, headers, pw));
                        }
                    }
                } catch (DeepfakeException e) {
                    failed++;
                    err.println("deepfake4j: " + input + ": " + e.code() + ": " + e.getMessage());
                }
                pw.flush();
            }
        }
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_SOME_FAILED;
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot >= 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private void report(FaceLocator faceLocator, Frame frame, Path input, boolean video, boolean headers,
            PrintWriter pw) throws DeepfakeException {
        List<FaceBox> faces = faceLocator.locate(frame);
        if (headers) {
            pw.println("# " + input + (video ? " frame " + frame.index() : ""));
        }
        for (FaceBox f : faces) {
            if (json) {
                ObjectNode o = ReportJson.MAPPER.createObjectNode();
                o.put("path", input.toString());
                if (video) {
                    o.put("frame", frame.index());
                }
                ReportJson.box(o.putArray("box"), f);
                o.put("score", ReportJson.round(f.score()));
                ArrayNode lm = o.putArray("landmarks");
                float[] l = f.landmarks();
                for (int i = 0; i < l.length; i += 2) {
                    lm.addArray().add(ReportJson.round(l[i])).add(ReportJson.round(l[i + 1]));
                }
                pw.println(o);
            } else {
                pw.println(String.format(Locale.ROOT, "%.1f %.1f %.1f %.1f %.4f", f.x1(), f.y1(), f.x2(), f.y2(), f.score()));
            }
        }
        if (out != null) {
            String base = input.getFileName().toString().replaceAll("\\.[^.]*$", "");
            annotate(frame, faces, out.resolve(video ? String.format(Locale.ROOT, "%s_frame_%06d.png", base, frame.index())
                    : base + "_faces.png"));
        }
    }

    private static void annotate(Frame frame, List<FaceBox> faces, Path file) throws DeepfakeException {
        BufferedImage img = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] src = frame.toPackedArray();
        boolean bgr = frame.format() == PixelFormat.BGR24;
        for (int i = 0; i < src.length; i += 3) {
            dst[i] = src[bgr ? i : i + 2];
            dst[i + 1] = src[i + 1];
            dst[i + 2] = src[bgr ? i + 2 : i];
        }
        Graphics2D g = img.createGraphics();
        float stroke = Math.max(2f, Math.max(frame.width(), frame.height()) / 400f);
        g.setStroke(new BasicStroke(stroke));
        for (FaceBox f : faces) {
            g.setColor(new Color(0, 220, 0));
            g.drawRect((int) f.x1(), (int) f.y1(), (int) f.width(), (int) f.height());
            g.setColor(new Color(255, 64, 64));
            float[] l = f.landmarks();
            for (int i = 0; i < l.length; i += 2) {
                g.fillOval((int) (l[i] - stroke), (int) (l[i + 1] - stroke), (int) (2 * stroke), (int) (2 * stroke));
            }
            g.setColor(new Color(0, 220, 0));
            g.drawString(String.format(Locale.ROOT, "%.2f", f.score()), (int) f.x1(), (int) Math.max(12, f.y1() - 4));
        }
        g.dispose();
        try {
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new DeepfakeException(dev.deepfake4j.ErrorCode.NOT_READABLE, "Cannot write " + file + ": " + e.getMessage(), file, e);
        }
    }
}
