package dev.deepfake4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deepfake4j faces}: the faces a locator finds, one line each: {@code x1 y1 x2 y2 score}. */
@Command(name = "faces", mixinStandardHelpOptions = true, description = {
        "Lists the faces a locator finds in images or sampled video frames: 'x1 y1 x2 y2 score' per line,",
        "in pixels of the original image. --out DIR writes annotated images."})
final class FacesCommand implements Callable<Integer> {
    @Option(names = "--locator", paramLabel = "NAME", description = "yunet (default), haar, lbp, ultraface, blazeface.")
    String locator;

    @Option(names = "--frames", paramLabel = "N", description = "Frames to sample from each video (default 32).")
    Integer frames;

    @Option(names = "--json", description = "One JSON object per face with box, score and landmarks.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "Write annotated images into DIR.")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "IMAGE|VIDEO")
    List<Path> inputs;

    @Override
    public Integer call() {
        throw new UsageException("'faces' is not available yet in this build");
    }
}
