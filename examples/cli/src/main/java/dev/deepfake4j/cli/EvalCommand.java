package dev.deepfake4j.cli;

import dev.deepfake4j.VideoOutcome;
import dev.deepfake4j.models.dataset.DfdcLabels;
import dev.deepfake4j.metrics.Metrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        "Each video is printed as it is scored ('p_fake  label  truth  path'); metrics cover the videos that scored."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DetectorOptions detector;

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "Labels in DFDC metadata.json form; keys are paths relative to DIR.")
    Path labelsFile;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a page a person can look at: frames, face boxes and track scores.")
    Path report;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write one row per video (written atomically).")
    Path csv;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "Folder holding the videos (default: the labels file's folder).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Map<String, Boolean> labels = DfdcLabels.read(labelsFile);
        Path root = dir != null ? dir : labelsFile.toAbsolutePath().getParent();
        Map<Path, String> keyOf = new LinkedHashMap<>();
        labels.keySet().forEach(k -> keyOf.put(root.resolve(k), k));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, VideoOutcome> outcomes = new LinkedHashMap<>();
        try (DetectorOptions.Assembled a = detector.build(report != null); Progress progress = Progress.onTerminal(keyOf.size(), err)) {
            a.detector.analyzeAll(new ArrayList<>(keyOf.keySet()), o -> {
                progress.clear();
                String key = keyOf.get(o.path());
                outcomes.put(key, o);
                String truth = labels.get(key) ? "FAKE" : "REAL";
                if (o.isSuccess()) {
                    var r = o.report().orElseThrow();
                    out.println(String.format(Locale.ROOT, "%.4f  %s  %s  %s", r.pFake(), r.label(), truth, key));
                } else {
                    var e = o.error().orElseThrow();
                    out.println(String.format(Locale.ROOT, "%6s  %s  %s  %s", "-", "ERROR", truth, key));
                    err.println("deepfake4j: " + o.path() + ": " + e.code() + ": " + e.getMessage());
                }
                out.flush();
                progress.step(o.path());
            });
        }
        List<Boolean> y = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        int failed = 0;
        for (Map.Entry<String, Boolean> e : labels.entrySet()) {
            VideoOutcome o = outcomes.get(e.getKey());
            if (o != null && o.isSuccess()) {
                y.add(e.getValue());
                p.add(o.report().orElseThrow().pFake());
            } else {
                failed++;
            }
        }
        if (!y.isEmpty()) {
            boolean[] yy = new boolean[y.size()];
            double[] pp = new double[p.size()];
            for (int i = 0; i < yy.length; i++) {
                yy[i] = y.get(i);
                pp[i] = p.get(i);
            }
            out.println(String.format(Locale.ROOT, "videos     %d scored, %d failed", yy.length, failed));
            out.println(String.format(Locale.ROOT, "log_loss   %.4f", Metrics.logLoss(yy, pp)));
            out.println(String.format(Locale.ROOT, "roc_auc    %.4f", Metrics.rocAuc(yy, pp)));
            out.println(String.format(Locale.ROOT, "accuracy   %.4f", Metrics.accuracy(yy, pp, 0.5)));
            out.println(String.format(Locale.ROOT, "brier      %.4f", Metrics.brier(yy, pp)));
        } else {
            out.println("videos     0 scored, " + failed + " failed");
        }
        if (csv != null) {
            writeCsv(labels, outcomes);
        }
        if (report != null) {
            HtmlReport.write(report, "deepfake4j eval: " + labelsFile, new ArrayList<>(outcomes.values()));
            err.println("deepfake4j: report written to " + report);
        }
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_SOME_FAILED;
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
