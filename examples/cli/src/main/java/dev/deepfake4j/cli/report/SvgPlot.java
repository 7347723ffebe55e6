package dev.deepfake4j.cli.report;

import static dev.deepfake4j.cli.report.Html.coord;
import static dev.deepfake4j.cli.report.Html.esc;

import java.util.List;
import java.util.Locale;

/**
 * A square inline-SVG plot of the unit square, for the report's charts: frame, grid at 0.2 steps with tick
 * labels, axis titles, the diagonal, and series added as polylines or dots. Not thread-safe; one per chart.
 */
final class SvgPlot {
    static final int SIZE = 300;
    private static final int LEFT = 46;
    private static final int TOP = 26;
    private static final int SIDE = SIZE - LEFT - 16;

    private final StringBuilder svg = new StringBuilder();
    private int legendRow;

    /**
     * @param cssClass class of the {@code <svg>}, which tests and styles find it by
     * @param title shown at the top
     * @param xLabel title of the horizontal axis
     * @param yLabel title of the vertical axis
     */
    SvgPlot(String cssClass, String title, String xLabel, String yLabel) {
        svg.append("<svg class=\"chart ").append(cssClass).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(SIZE).append("\" height=\"").append(SIZE + 20).append("\" viewBox=\"0 0 ").append(SIZE)
                .append(' ').append(SIZE + 20).append("\" role=\"img\" aria-label=\"").append(esc(title))
                .append("\"><title>").append(esc(title)).append("</title>")
                .append("<text x=\"").append(SIZE / 2).append("\" y=\"16\" text-anchor=\"middle\" class=\"ct\">")
                .append(esc(title)).append("</text>");
        for (int i = 0; i <= 5; i++) {
            double v = i / 5.0;
            String label = String.format(Locale.ROOT, "%.1f", v);
            svg.append("<line class=\"grid\" x1=\"").append(coord(x(v))).append("\" y1=\"").append(coord(y(0)))
                    .append("\" x2=\"").append(coord(x(v))).append("\" y2=\"").append(coord(y(1))).append("\"/>")
                    .append("<line class=\"grid\" x1=\"").append(coord(x(0))).append("\" y1=\"").append(coord(y(v)))
                    .append("\" x2=\"").append(coord(x(1))).append("\" y2=\"").append(coord(y(v))).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(coord(x(v))).append("\" y=\"")
                    .append(coord(y(0) + 14)).append("\" text-anchor=\"middle\">").append(label).append("</text>")
                    .append("<text class=\"tick\" x=\"").append(coord(x(0) - 5)).append("\" y=\"")
                    .append(coord(y(v) + 4)).append("\" text-anchor=\"end\">").append(label).append("</text>");
        }
        svg.append("<rect class=\"frame\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(SIDE).append("\" height=\"").append(SIDE).append("\"/>")
                .append("<line class=\"diag\" x1=\"").append(coord(x(0))).append("\" y1=\"").append(coord(y(0)))
                .append("\" x2=\"").append(coord(x(1))).append("\" y2=\"").append(coord(y(1))).append("\"/>")
                .append("<text class=\"axis\" x=\"").append(coord(x(0.5))).append("\" y=\"").append(SIZE + 14)
                .append("\" text-anchor=\"middle\">").append(esc(xLabel)).append("</text>")
                .append("<text class=\"axis\" transform=\"translate(12 ").append(coord(y(0.5)))
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(esc(yLabel)).append("</text>");
    }

    /** @return the horizontal pixel of {@code v} in [0, 1] */
    static double x(double v) {
        return LEFT + v * SIDE;
    }

    /** @return the vertical pixel of {@code v} in [0, 1] (up is larger) */
    static double y(double v) {
        return TOP + (1 - v) * SIDE;
    }

    /** Adds a polyline through the points ({@code [x, y]} pairs in [0, 1]) and its legend line. */
    SvgPlot line(String cssClass, List<double[]> points, String legend) {
        svg.append("<polyline class=\"series ").append(cssClass).append("\" points=\"");
        for (double[] p : points) {
            svg.append(coord(x(p[0]))).append(',').append(coord(y(p[1]))).append(' ');
        }
        svg.append("\"/>");
        return legend(cssClass, legend);
    }

    /** Adds a dot of radius {@code r} pixels at {@code (vx, vy)} with a tooltip. */
    SvgPlot dot(String cssClass, double vx, double vy, double r, String tooltip) {
        svg.append("<circle class=\"dot ").append(cssClass).append("\" cx=\"").append(coord(x(vx))).append("\" cy=\"")
                .append(coord(y(vy))).append("\" r=\"").append(coord(r)).append("\"><title>").append(esc(tooltip))
                .append("</title></circle>");
        return this;
    }

    /** Adds a legend entry in the bottom-right corner. */
    SvgPlot legend(String cssClass, String text) {
        double ly = y(0) - 10 - 16 * legendRow++;
        svg.append("<line class=\"series ").append(cssClass).append("\" x1=\"").append(coord(x(0.36)))
                .append("\" y1=\"").append(coord(ly - 4)).append("\" x2=\"").append(coord(x(0.44))).append("\" y2=\"")
                .append(coord(ly - 4)).append("\"/><text class=\"legend\" x=\"").append(coord(x(0.46)))
                .append("\" y=\"").append(coord(ly)).append("\">").append(esc(text)).append("</text>");
        return this;
    }

    /** @return the finished {@code <svg>} element */
    String finish() {
        return svg + "</svg>";
    }
}
