package dev.deepfake4j.cli;

import dev.deepfake4j.cli.report.ReportVideo;
import dev.deepfake4j.VideoOutcome;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.calibrate.FittedCalibration;
import dev.deepfake4j.models.calibrate.CalibrationFile;
import dev.deepfake4j.models.dataset.DfdcLabels;
import dev.deepfake4j.metrics.Metrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code deepfake4j eval}: scores a labelled folder and prints log loss, ROC AUC and accuracy. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = {
        "Scores the videos a DFDC metadata.json lists and prints log loss, ROC AUC, accuracy and Brier score.",
        "Each video is printed as it is scored ('p_fake  label  truth  path'); metrics cover the videos that scored.",
        "With --calibration, p_fake and label are calibrated and the metrics are printed raw and calibrated side by side.",
        "Exit code 0 when all were scored, 3 when some failed (the metrics cover the others), 1 when --report could not"
                + " be written (the scores and metrics are still printed)."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DetectorOptions detector;

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "Labels in DFDC metadata.json form; keys are paths relative to DIR.")
    Path labelsFile;

    @Mixin
    ReportOptions report;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write one row per video (written atomically).")
    Path csv;

    @Option(names = "--calibration", paramLabel = "FILE", description = "Map scores through a calibration.json made by 'deepfake4j calibrate' (fitted for the same models).")
    Path calibration;

    @Parameters(arity = "0..*", paramLabel = "DIR", description = "Folders holding the videos; each label is looked up in them in order (default: the labels file's folder).")
    List<Path> dirs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        report.check();
        Map<String, Boolean> labels = DfdcLabels.read(labelsFile);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<Path, String> keyOf = LabelledInputs.resolve(labelsFile, labels, dirs, err);
        FittedCalibration fitted = calibration != null ? CalibrationFile.read(calibration) : null;
        if (fitted != null) {
            out.println(CalibrateCommand.describe(fitted, calibration));
        }
        Map<String, VideoOutcome> outcomes;
        boolean reportFailed = false;
        try (DetectorOptions.Assembled a = detector.build(report.wanted(), calibration)) {
            outcomes = LabelledInputs.score(a, keyOf, labels, 4, out, err);
            if (report.wanted()) {
                List<ReportVideo> videos = new ArrayList<>();
                labels.forEach((key, fake) -> {
                    if (outcomes.containsKey(key)) {
                        videos.add(new ReportVideo(key, fake, outcomes.get(key)));
                    }
                });
                reportFailed = !report.write(a, "deepfake4j eval: " + labelsFile,
                        fitted == null ? List.of() : List.of(CalibrateCommand.describe(fitted, calibration)), videos, err);
            }
        }
        List<Boolean> y = new ArrayList<>();
        List<VideoReport> scored = new ArrayList<>();
        int failed = 0;
        for (Map.Entry<String, Boolean> e : labels.entrySet()) {
            VideoOutcome o = outcomes.get(e.getKey());
            if (o != null && o.isSuccess()) {
                y.add(e.getValue());
                scored.add(o.report().orElseThrow());
            } else {
                failed++;
            }
        }
        if (!y.isEmpty()) {
            boolean[] yy = new boolean[y.size()];
            double[] pp = new double[y.size()];
            double[] raw = new double[y.size()];
            for (int i = 0; i < yy.length; i++) {
                yy[i] = y.get(i);
                pp[i] = scored.get(i).pFake();
                raw[i] = scored.get(i).rawPFake();
            }
            double threshold = scored.get(0).threshold(); // accuracy counts the verdicts at the detector's threshold
            out.println(String.format(Locale.ROOT, "videos     %d scored, %d failed", yy.length, failed));
            if (fitted == null) {
                out.println(String.format(Locale.ROOT, "log_loss   %.4f", Metrics.logLoss(yy, pp)));
                out.println(String.format(Locale.ROOT, "roc_auc    %.4f", Metrics.rocAuc(yy, pp)));
                out.println(String.format(Locale.ROOT, "accuracy   %.4f", Metrics.accuracy(yy, pp, threshold)));
                out.println(String.format(Locale.ROOT, "brier      %.4f", Metrics.brier(yy, pp)));
            } else {
                out.println("metric     raw     calibrated");
                out.println(String.format(Locale.ROOT, "log_loss   %.4f  %.4f", Metrics.logLoss(yy, raw), Metrics.logLoss(yy, pp)));
                out.println(String.format(Locale.ROOT, "roc_auc    %.4f  %.4f", Metrics.rocAuc(yy, raw), Metrics.rocAuc(yy, pp)));
                out.println(String.format(Locale.ROOT, "accuracy   %.4f  %.4f", Metrics.accuracy(yy, raw, threshold), Metrics.accuracy(yy, pp, threshold)));
                out.println(String.format(Locale.ROOT, "brier      %.4f  %.4f", Metrics.brier(yy, raw), Metrics.brier(yy, pp)));
            }
        } else {
            out.println("videos     0 scored, " + failed + " failed");
        }
        if (csv != null) {
            writeCsv(labels, outcomes);
        }
        return reportFailed ? Main.EXIT_FAILURE : failed == 0 ? Main.EXIT_OK : Main.EXIT_SOME_FAILED;
    }

    private void writeCsv(Map<String, Boolean> labels, Map<String, VideoOutcome> outcomes) throws IOException {
        AtomicFiles.write(csv, w -> {
            w.write("path,label,p_fake,predicted,error\n");
            for (Map.Entry<String, Boolean> e : labels.entrySet()) {
                VideoOutcome o = outcomes.get(e.getKey());
                String truth = e.getValue() ? "FAKE" : "REAL";
                if (o != null && o.isSuccess()) {
                    var r = o.report().orElseThrow();
                    w.write(csvField(e.getKey()) + "," + truth + "," + String.format(Locale.ROOT, "%.6f", r.pFake()) + ","
                            + r.label() + ",\n");
                } else {
                    String code = o == null ? "CANCELLED" : o.error().orElseThrow().code().name();
                    w.write(csvField(e.getKey()) + "," + truth + ",,," + code + "\n");
                }
            }
        });
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
