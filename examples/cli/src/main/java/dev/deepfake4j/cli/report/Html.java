package dev.deepfake4j.cli.report;

import java.util.Locale;

/** Escaping and number formats shared by the report's writers. Stateless. */
final class Html {
    private Html() {
    }

    /** @return {@code s} safe inside element text and double-quoted attributes */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** @return a probability or metric with 3 decimals, {@code –} for NaN */
    static String num(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** @return an SVG coordinate with one decimal */
    static String coord(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Green (0) → yellow (0.5) → red (1), for P(fake). */
    static String colour(double p) {
        double q = Math.max(0, Math.min(1, p));
        int red = (int) Math.round(q < 0.5 ? 2 * q * 230 : 230);
        int green = (int) Math.round(q < 0.5 ? 190 : (1 - q) * 2 * 190);
        return String.format(Locale.ROOT, "#%02x%02x30", red, green);
    }
}
