package dev.deepfake4j.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reliability diagram as inline SVG: per bin of predicted P(fake), the fraction of FAKE videos against the
 * mean prediction, a dot sized by the bin's count, joined per score set; the diagonal is perfect calibration.
 * Stateless.
 */
final class ReliabilityChart {
    /** Equal-width bins over [0, 1]. */
    static final int BINS = 10;

    private ReliabilityChart() {
    }

    /**
     * @param isFake the labels
     * @param series score sets: raw first, calibrated second when given
     * @return the {@code <svg class="chart reliability">} element
     */
    static String svg(boolean[] isFake, List<ScoreSet> series) {
        SvgPlot plot = new SvgPlot("reliability", "Reliability (" + BINS + " bins)", "mean predicted P(fake)",
                "fraction FAKE");
        for (ScoreSet s : series) {
            List<double[]> points = new ArrayList<>();
            for (Curves.Bin b : Curves.reliability(isFake, s.scores(), BINS)) {
                if (b.count() == 0) {
                    continue;
                }
                points.add(new double[] {b.meanPredicted(), b.fractionFake()});
                plot.dot(s.cssClass(), b.meanPredicted(), b.fractionFake(), 3 + 2 * Math.sqrt(b.count()),
                        String.format(Locale.ROOT, "%s: %d videos in [%.1f, %.1f), mean P(fake) %.3f, %.0f%% FAKE",
                                s.name(), b.count(), b.lower(), b.upper(), b.meanPredicted(), 100 * b.fractionFake()));
            }
            plot.line(s.cssClass(), points, s.name());
        }
        return plot.finish();
    }
}
