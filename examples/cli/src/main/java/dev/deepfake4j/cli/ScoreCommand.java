package dev.deepfake4j.cli;

import dev.deepfake4j.cli.report.ReportVideo;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.VideoInput;
import dev.deepfake4j.VideoOutcome;
import dev.deepfake4j.server.ReportJson;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.WindowOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code deepfake4j score}: one line per video, {@code p_fake  label  path}, or a JSON object with {@code --json}. */
@Command(name = "score", mixinStandardHelpOptions = true, description = {
        "Scores videos (files, or folders of them; '-' reads one video from standard input): one line per video,",
        "'p_fake  label  path' (the path of standard input is '-').",
        "Exit code 0 when all were scored, 3 when some failed (the others are still printed), 1 when --report could"
                + " not be written (the scores are still printed)."})
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DetectorOptions detector;

    @Option(names = "--json", description = "One JSON object per line, with frames, faces, tracks and timings.")
    boolean json;

    @Mixin
    ReportOptions report;

    @Option(names = "--calibration", paramLabel = "FILE", description = "Map scores through a calibration.json made by 'deepfake4j calibrate' (fitted for the same models).")
    Path calibration;

    @Option(names = "--window", paramLabel = "SECONDS", description = {"Score long videos and live streams window by window: a line per SECONDS of video as soon as it is scored, then the video's line (the worst window so far).",
            "Standard input is then read as it arrives, never stored: pipe MPEG-TS, Matroska/WebM or a faststart MP4."})
    Double windowSeconds;

    @Option(names = "--window-frames", paramLabel = "N", defaultValue = "" + WindowOptions.DEFAULT_FRAMES_PER_WINDOW, description = "Frames sampled per window with --window (default: ${DEFAULT-VALUE}).")
    int windowFrames;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Video files or folders; '-' for standard input.")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        long dashes = paths.stream().filter(ScoreCommand::isStdin).count();
        if (dashes > 1) {
            throw new UsageException("'-' (standard input) can be given once only");
        }
        List<Path> videos = Inputs.expand(paths.stream().filter(p -> !isStdin(p)).toList());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (windowSeconds != null) {
            return scoreWindows(dashes == 1, videos, out, err);
        }
        AtomicInteger failed = new AtomicInteger();
        List<VideoOutcome> all = new java.util.ArrayList<>();
        report.check();
        boolean reportFailed = false;
        try (DetectorOptions.Assembled a = detector.build(report.wanted(), calibration);
                Progress progress = Progress.onTerminal(videos.size() + (int) dashes, err)) {
            Consumer<VideoOutcome> onResult = outcome -> {
                progress.clear();
                if (!outcome.isSuccess()) {
                    failed.incrementAndGet();
                }
                print(outcome, out, err);
                if (report.wanted()) {
                    all.add(outcome);
                }
                progress.step(outcome.path());
            };
            if (dashes == 1) {
                onResult.accept(scoreStdin(a));
            }
            a.detector.analyzeAll(videos, onResult);
            if (report.wanted()) {
                progress.clear();
                reportFailed = !report.write(a, "deepfake4j score: " + (videos.size() + dashes) + " videos", List.of(),
                        all.stream().map(o -> new ReportVideo(o.path().toString(), null, o)).toList(), err);
            }
        }
        return reportFailed ? Main.EXIT_FAILURE : failed.get() == 0 ? Main.EXIT_OK : Main.EXIT_SOME_FAILED;
    }

    private int scoreWindows(boolean stdin, List<Path> videos, PrintWriter out, PrintWriter err) throws Exception {
        if (report.wanted()) {
            throw new UsageException("--report cannot be combined with --window: a window's frames are not kept");
        }
        WindowOptions options;
        try {
            options = new WindowOptions(windowSeconds, windowFrames);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--window/--window-frames: " + e.getMessage());
        }
        try (DetectorOptions.Assembled a = detector.build(false, calibration)) {
            int failed = new WindowedScoring(a.detector, options, json, out, err).scoreAll(stdin, videos);
            return failed == 0 ? Main.EXIT_OK : Main.EXIT_SOME_FAILED;
        }
    }

    private static boolean isStdin(Path p) {
        return p.toString().equals("-");
    }

    /** Scores the one video piped in; its path is {@code -}. Standard input is not closed. */
    private static VideoOutcome scoreStdin(DetectorOptions.Assembled a) {
        try {
            return VideoOutcome.success(a.detector.analyze(VideoInput.stdin()));
        } catch (DeepfakeException e) {
            return VideoOutcome.failure(Path.of("-"), e);
        }
    }

    private void print(VideoOutcome outcome, PrintWriter out, PrintWriter err) {
        if (json) {
            out.println(ReportJson.of(outcome).toString());
        } else if (outcome.isSuccess()) {
            VideoReport r = outcome.report().orElseThrow();
            out.println(String.format(Locale.ROOT, "%.4f  %s  %s", r.pFake(), r.label(), r.path()));
        } else {
            var e = outcome.error().orElseThrow();
            out.println(String.format(Locale.ROOT, "%6s  %s  %s", "-", "ERROR", outcome.path()));
            err.println("deepfake4j: " + outcome.path() + ": " + e.code() + ": " + e.getMessage());
        }
        out.flush();
    }
}
