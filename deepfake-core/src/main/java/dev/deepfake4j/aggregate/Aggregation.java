package dev.deepfake4j.aggregate;

import static dev.deepfake4j.internal.Checks.checkArgument;

import java.util.Locale;

/**
 * Turns many face scores (probabilities of fake) into one. The detector applies one aggregation to the faces of
 * each track and another to the tracks of a video; see {@code DeepfakeDetector.Builder}.
 *
 * <p>Every aggregation returns a value in [0, 1] for inputs in [0, 1], and 0.5 for an empty input (no evidence
 * either way). Implementations are immutable and thread-safe; {@code toString()} gives the CLI spelling.
 */
public interface Aggregation {

    /**
     * @param scores probabilities of fake, each in [0, 1]; not modified
     * @return the aggregated probability of fake, in [0, 1]
     */
    double aggregate(double[] scores);

    /** @return the arithmetic mean */
    static Aggregation mean() {
        return Aggregations.MEAN;
    }

    /** @return the median (mean of the two middle values for an even count) */
    static Aggregation median() {
        return Aggregations.MEDIAN;
    }

    /** @return the largest score: a video is as fake as its most suspicious face */
    static Aggregation max() {
        return Aggregations.MAX;
    }

    /**
     * @param k how many of the highest scores to average, at least 1; all scores when fewer
     * @return the mean of the {@code k} highest scores
     */
    static Aggregation topKMean(int k) {
        checkArgument(k > 0, "k must be at least 1: %s", k);
        return new Aggregations.TopKMean(k);
    }

    /**
     * The DFDC 1st place's rule (selimsef, {@code confident_strategy}) with threshold {@code t = 0.8}: with n
     * scores, if more than {@code n / 2.5} and more than 11 scores are above {@code t}, the mean of those; else
     * if more than {@code 0.9 n} scores are below 0.2, the mean of those; else the mean of all.
     *
     * @return the confident strategy
     */
    static Aggregation confidentStrategy() {
        return Aggregations.CONFIDENT;
    }

    /**
     * The DFDC 3rd place's confidence-weighted mean: each score p becomes {@code p' = 0.5 + sign(d)|d|^0.65} with
     * {@code d = p - 0.5}, and the p' are averaged with weights {@code |d|}, so confident faces count more. The
     * result is clamped to [0, 1] ({@code |d|^0.65} can exceed 0.5); all scores at exactly 0.5 give 0.5.
     *
     * @return the confidence-weighted mean
     */
    static Aggregation confidenceWeighted() {
        return Aggregations.WEIGHTED;
    }

    /**
     * The sigmoid of the mean logit: each score p becomes {@code log(p / (1 − p))} (p clamped to
     * [1e-7, 1 − 1e-7]), the logits are averaged and the mean goes back through the sigmoid. For a classifier
     * whose score is {@code sigmoid(logit)} this is polimi ICPR 2020's video score (sigmoid of the mean of the
     * frame logits).
     *
     * @return the logit mean
     */
    static Aggregation logitMean() {
        return Aggregations.LOGIT_MEAN;
    }

    /**
     * Parses the CLI spelling.
     *
     * @param name {@code mean}, {@code median}, {@code max}, {@code confident}, {@code weighted},
     *        {@code logit-mean} or {@code topK:N}
     * @return the aggregation
     * @throws IllegalArgumentException naming the value when it is none of those
     */
    static Aggregation parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("topk:")) {
            try {
                return topKMean(Integer.parseInt(n.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad k in aggregation '" + name + "'", e);
            }
        }
        return switch (n) {
            case "mean" -> mean();
            case "median" -> median();
            case "max" -> max();
            case "confident" -> confidentStrategy();
            case "weighted" -> confidenceWeighted();
            case "logit-mean" -> logitMean();
            default -> throw new IllegalArgumentException("unknown aggregation '" + name
                    + "'; use mean, median, max, confident, weighted, logit-mean or topK:N");
        };
    }
}
