package dev.deepfake4j.cli;

import dev.deepfake4j.VideoOutcome;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.calibrate.Calibration;
import dev.deepfake4j.calibrate.CalibrationFit;
import dev.deepfake4j.calibrate.FittedCalibration;
import dev.deepfake4j.calibrate.IsotonicCalibration;
import dev.deepfake4j.calibrate.PlattCalibration;
import dev.deepfake4j.models.calibrate.CalibrationFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
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

/**
 * {@code deepfake4j calibrate}: scores labelled folders, chooses a calibration map by cross-validated log loss and
 * writes it, unless it would not help.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true, description = {
        "Scores the videos a DFDC metadata.json lists (raw, uncalibrated), fits temperature, Platt and isotonic maps,"
                + " chooses one by k-fold cross-validated log loss (k = min(5, n)) and writes it to --out.",
        "Each video is printed as it is scored ('raw_p_fake  label  truth  path'), then the cross-validated log losses.",
        "Exit code 0 when the file was written, 4 when calibration would not help (no file is written),"
                + " 3 when some videos failed (the others are used), 2 for a usage error."})
final class CalibrateCommand implements Callable<Integer> {
    /** The detector's default clipping; the fitted map clips its output the same way. */
    static final double EPSILON = 0.01;

    @Spec
    CommandSpec spec;

    @Mixin
    DetectorOptions detector;

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "Labels in DFDC metadata.json form; keys are paths relative to each DIR.")
    Path labelsFile;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write calibration.json (only when calibration helps).")
    Path outFile;

    @Parameters(arity = "0..*", paramLabel = "DIR", description = "Folders holding the videos; each label is looked up in them in order (default: the labels file's folder).")
    List<Path> dirs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Map<String, Boolean> labels = dev.deepfake4j.models.dataset.DfdcLabels.read(labelsFile);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<Path, String> keyOf = LabelledInputs.resolve(labelsFile, labels, dirs, err);
        Map<String, VideoOutcome> outcomes;
        List<String> models;
        String description;
        try (DetectorOptions.Assembled a = detector.build(false)) {
            models = a.detector.classifierNames();
            description = a.detector.describe();
            outcomes = LabelledInputs.score(a, keyOf, labels, 6, out, err);
        }
        List<Boolean> y = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        int failed = 0;
        int unknown = 0;
        for (Map.Entry<String, Boolean> e : labels.entrySet()) {
            VideoOutcome o = outcomes.get(e.getKey());
            if (o == null || !o.isSuccess()) {
                failed++;
                continue;
            }
            VideoReport r = o.report().orElseThrow();
            if (r.label() == dev.deepfake4j.Label.UNKNOWN) {
                unknown++; // the prior is not a classifier score: it is not calibrated, so it is not fitted on
                continue;
            }
            y.add(e.getValue());
            p.add(r.rawPFake());
        }
        boolean[] isFake = new boolean[y.size()];
        double[] raw = new double[y.size()];
        int fakes = 0;
        for (int i = 0; i < isFake.length; i++) {
            isFake[i] = y.get(i);
            raw[i] = p.get(i);
            fakes += isFake[i] ? 1 : 0;
        }
        int exitIfWritten = failed == 0 ? Main.EXIT_OK : Main.EXIT_SOME_FAILED;
        out.println(String.format(Locale.ROOT, "videos        %d fitted on (%d fake, %d real), %d failed, %d UNKNOWN (not used)",
                raw.length, fakes, raw.length - fakes, failed, unknown));
        if (fakes == 0 || fakes == raw.length) {
            out.println("chosen        none: calibration needs at least one FAKE and one REAL scored video; got "
                    + fakes + " FAKE and " + (raw.length - fakes) + " REAL");
            err.println("deepfake4j: no calibration written to " + outFile);
            return Main.EXIT_NOT_CALIBRATED;
        }
        CalibrationFit fit = CalibrationFit.fit(raw, isFake, EPSILON);
        out.println(String.format(Locale.ROOT, "folds         %d%s", fit.folds(),
                fit.folds() == raw.length ? " (leave-one-out)" : ""));
        StringBuilder losses = new StringBuilder("cv_log_loss  ");
        fit.cvLogLoss().forEach((m, v) -> losses.append(String.format(Locale.ROOT, " %s %.4f", m, v)));
        out.println(losses);
        if (!fit.helps()) {
            out.println(String.format(Locale.ROOT, "chosen        none: the best map (%s, cross-validated log loss %.4f) is"
                    + " not below the raw scores' %.4f; with %d labelled videos (%d fake, %d real) a map fitted on"
                    + " the others does not predict the held-out one better than the detector does",
                    fit.best().method(), fit.bestLogLoss(), fit.rawLogLoss(), raw.length, fakes, raw.length - fakes));
            err.println("deepfake4j: no calibration written to " + outFile + ": it would make scores worse");
            return Main.EXIT_NOT_CALIBRATED;
        }
        FittedCalibration fitted = FittedCalibration.of(fit, isFake, models, description, Instant.now());
        out.println(String.format(Locale.ROOT, "chosen        %s %s: cross-validated log loss %.4f < raw %.4f",
                fit.best().method(), parameters(fit.best()), fit.bestLogLoss(), fit.rawLogLoss()));
        AtomicFiles.write(outFile, w -> w.write(CalibrationFile.toJson(fitted)));
        err.println("deepfake4j: calibration written to " + outFile);
        return exitIfWritten;
    }

    static String parameters(Calibration map) {
        if (map instanceof PlattCalibration pc) {
            return String.format(Locale.ROOT, "(slope %.4f, intercept %.4f)", pc.slope(), pc.intercept());
        }
        if (map instanceof IsotonicCalibration iso) {
            return "(" + iso.knotX().length + " knots)";
        }
        return "";
    }

    /** One line saying what a calibration file holds, for {@code eval}. */
    static String describe(FittedCalibration c, Path file) {
        return String.format(Locale.ROOT, "calibration %s %s from %s: fitted on %d videos (%d fake, %d real) for %s on %s",
                c.method(), parameters(c.map()), file, c.files(), c.fakes(), c.reals(), c.models(), c.fittedAt());
    }
}
