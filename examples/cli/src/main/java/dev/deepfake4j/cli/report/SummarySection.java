package dev.deepfake4j.cli.report;

import static dev.deepfake4j.cli.report.Html.esc;
import static dev.deepfake4j.cli.report.Html.num;

import dev.deepfake4j.Label;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.metrics.Metrics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The top of an eval report: metrics (raw and calibrated side by side when a calibration was applied), the
 * confusion matrix at the threshold, the ROC curve and reliability diagram, and each video's part of the log
 * loss, worst first. Covers the labelled videos that scored. Stateless.
 */
final class SummarySection {
    private SummarySection() {
    }

    /** A labelled, scored video and the anchor of its card. */
    private record Scored(String id, String key, boolean isFake, VideoReport report) {
    }

    /**
     * @param videos every video of the report, in card order; card {@code i} has the anchor {@code card-i}
     * @param maps the maps made, whose cost is stated
     * @return a {@code <section class="summary">}
     */
    static String html(List<ReportVideo> videos, FaceMaps maps) {
        List<Scored> scored = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < videos.size(); i++) {
            ReportVideo v = videos.get(i);
            if (!v.outcome().isSuccess()) {
                failed++;
            } else if (v.truth() != null) {
                scored.add(new Scored("card-" + i, v.key(), v.truth(), v.outcome().report().orElseThrow()));
            }
        }
        StringBuilder sb = new StringBuilder("<section class=\"summary\"><h2>Summary</h2><p class=\"meta\">")
                .append(videos.size()).append(" videos: ").append(scored.size()).append(" labelled and scored, ")
                .append(failed).append(" failed. ").append(cost(maps)).append("</p>");
        if (scored.isEmpty()) {
            return sb.append("<p>No labelled video scored: no metrics.</p></section>\n").toString();
        }
        boolean[] y = new boolean[scored.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = scored.get(i).isFake();
        }
        boolean calibrated = scored.stream().anyMatch(s -> s.report().calibrated());
        List<ScoreSet> sets = new ArrayList<>();
        sets.add(new ScoreSet("raw", "raw", scores(scored, VideoReport::rawPFake)));
        if (calibrated) {
            sets.add(new ScoreSet("calibrated", "cal", scores(scored, VideoReport::pFake)));
        }
        double threshold = scored.get(0).report().threshold();
        sb.append("<div class=\"row\">").append(metrics(y, sets, threshold)).append(confusion(scored, threshold))
                .append("</div>");
        boolean bothClasses = scored.stream().anyMatch(Scored::isFake) && scored.stream().anyMatch(s -> !s.isFake());
        sb.append("<div class=\"row charts\">");
        if (bothClasses) {
            sb.append(RocChart.svg(y, sets));
        } else {
            sb.append("<p class=\"meta\">No ROC curve: the labelled videos are all of one class.</p>");
        }
        sb.append(ReliabilityChart.svg(y, sets)).append("</div>");
        return sb.append(contributions(scored, calibrated)).append("</section>\n").toString();
    }

    private static double[] scores(List<Scored> scored, Function<VideoReport, Double> f) {
        return scored.stream().mapToDouble(s -> f.apply(s.report())).toArray();
    }

    private static String metrics(boolean[] y, List<ScoreSet> sets, double threshold) {
        StringBuilder sb = new StringBuilder("<table class=\"metrics\"><tr><th>metric</th>");
        sets.forEach(s -> sb.append("<th>").append(s.name()).append("</th>"));
        sb.append("</tr>");
        row(sb, "log loss", sets, s -> Metrics.logLoss(y, s.scores()));
        row(sb, "ROC AUC", sets, s -> Metrics.rocAuc(y, s.scores()));
        row(sb, "accuracy at " + num(threshold), sets, s -> Metrics.accuracy(y, s.scores(), threshold));
        row(sb, "Brier score", sets, s -> Metrics.brier(y, s.scores()));
        return sb.append("</table>").toString();
    }

    private static void row(StringBuilder sb, String name, List<ScoreSet> sets, Function<ScoreSet, Double> metric) {
        sb.append("<tr><td>").append(esc(name)).append("</td>");
        sets.forEach(s -> sb.append("<td class=\"num\">").append(num(metric.apply(s))).append("</td>"));
        sb.append("</tr>");
    }

    private static String confusion(List<Scored> scored, double threshold) {
        int[][] n = new int[2][3]; // [truth FAKE, REAL][verdict FAKE, REAL, UNKNOWN]
        for (Scored s : scored) {
            Label l = s.report().label();
            n[s.isFake() ? 0 : 1][l == Label.FAKE ? 0 : l == Label.REAL ? 1 : 2]++;
        }
        StringBuilder sb = new StringBuilder("<table class=\"confusion\"><caption>verdicts at threshold ")
                .append(num(threshold)).append("</caption><tr><th>truth \\ verdict</th><th>FAKE</th><th>REAL</th>"
                        + "<th>UNKNOWN</th></tr>");
        String[] truth = {"FAKE", "REAL"};
        for (int t = 0; t < 2; t++) {
            sb.append("<tr><th>").append(truth[t]).append("</th>");
            for (int v = 0; v < 3; v++) {
                String cls = v == 2 ? "unknown" : (v == t ? "hit" : "miss");
                sb.append("<td class=\"num ").append(cls).append("\">").append(n[t][v]).append("</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</table>").toString();
    }

    private static String contributions(List<Scored> scored, boolean calibrated) {
        double total = scored.stream().mapToDouble(s -> Curves.logLoss(s.isFake(), s.report().pFake())).sum();
        StringBuilder sb = new StringBuilder("<h3>Log loss by video, worst first</h3><table class=\"losses\"><tr>"
                + "<th>video</th><th>truth</th><th>verdict</th><th>P(fake)</th>")
                .append(calibrated ? "<th>raw</th>" : "")
                .append("<th>log loss</th><th>share of the total</th></tr>");
        List<Scored> worst = new ArrayList<>(scored);
        worst.sort(Comparator.comparingDouble((Scored s) -> Curves.logLoss(s.isFake(), s.report().pFake()))
                .reversed());
        for (Scored s : worst) {
            double loss = Curves.logLoss(s.isFake(), s.report().pFake());
            double share = total == 0 ? 0 : loss / total;
            sb.append("<tr><td><a href=\"#").append(s.id()).append("\">").append(esc(s.key())).append("</a></td><td>")
                    .append(s.isFake() ? "FAKE" : "REAL").append("</td><td class=\"").append(s.report().label())
                    .append("-text\">").append(s.report().label()).append("</td><td class=\"num\">")
                    .append(num(s.report().pFake())).append("</td>")
                    .append(calibrated ? "<td class=\"num\">" + num(s.report().rawPFake()) + "</td>" : "")
                    .append("<td class=\"num\">").append(num(loss)).append("</td><td><div class=\"bar\" style=\"width:")
                    .append(String.format(Locale.ROOT, "%.0f", 200 * share)).append("px\"></div>")
                    .append(String.format(Locale.ROOT, "%.0f%%", 100 * share)).append("</td></tr>");
        }
        return sb.append("</table><p class=\"meta\">The log loss of the set is the mean of these: ")
                .append(num(total / scored.size())).append(".</p>").toString();
    }

    private static String cost(FaceMaps maps) {
        if (maps.faces() == 0 && maps.failures().isEmpty()) {
            return "No occlusion maps (eval --report --maps-per-track N makes them).";
        }
        return String.format(Locale.ROOT, "Occlusion maps: %d faces, %d classifier calls, %.0f ms in all%s.",
                maps.faces(), maps.classifierCalls(), maps.millis(),
                maps.failures().isEmpty() ? "" : "; " + maps.failures().size() + " failed: "
                        + esc(String.join("; ", maps.failures())));
    }
}
