package dev.deepfake4j.cli.report;

import java.util.List;
import java.util.Locale;

/** The ROC curve as inline SVG: one line per score set (raw, calibrated), AUC in the legend. Stateless. */
final class RocChart {
    private RocChart() {
    }

    /**
     * @param isFake the labels; both classes present
     * @param series score sets: raw first, calibrated second when given
     * @return the {@code <svg class="chart roc">} element
     */
    static String svg(boolean[] isFake, List<ScoreSet> series) {
        SvgPlot plot = new SvgPlot("roc", "ROC curve", "false positive rate (REAL called FAKE)",
                "true positive rate");
        for (ScoreSet s : series) {
            List<Curves.Point> roc = Curves.roc(isFake, s.scores());
            plot.line(s.cssClass(), roc.stream().map(p -> new double[] {p.fpr(), p.tpr()}).toList(),
                    String.format(Locale.ROOT, "%s AUC %.3f", s.name(), Curves.area(roc)));
        }
        return plot.finish();
    }
}
