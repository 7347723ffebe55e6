package dev.deepfake4j.aggregate;

import java.util.Arrays;

/** The built-in {@link Aggregation}s. */
final class Aggregations {
    private Aggregations() {
    }

    static final Aggregation MEAN = named("mean", s -> s.length == 0 ? 0.5 : sum(s) / s.length);

    static final Aggregation MEDIAN = named("median", s -> {
        if (s.length == 0) {
            return 0.5;
        }
        double[] c = s.clone();
        Arrays.sort(c);
        int m = c.length / 2;
        return c.length % 2 == 1 ? c[m] : (c[m - 1] + c[m]) / 2;
    });

    static final Aggregation MAX = named("max", s -> s.length == 0 ? 0.5 : Arrays.stream(s).max().getAsDouble());

    static final Aggregation CONFIDENT = named("confident", s -> {
        int n = s.length;
        if (n == 0) {
            return 0.5;
        }
        double t = 0.8;
        int fakes = 0;
        double fakeSum = 0;
        int reals = 0;
        double realSum = 0;
        for (double p : s) {
            if (p > t) {
                fakes++;
                fakeSum += p;
            }
            if (p < 0.2) {
                reals++;
                realSum += p;
            }
        }
        if (fakes > n / 2.5 && fakes > 11) {
            return fakeSum / fakes;
        }
        if (reals > 0.9 * n) {
            return realSum / reals;
        }
        return sum(s) / n;
    });

    static final Aggregation WEIGHTED = named("weighted", s -> {
        double num = 0;
        double den = 0;
        for (double p : s) {
            double d = p - 0.5;
            double w = Math.abs(d);
            num += w * (0.5 + Math.signum(d) * Math.pow(w, 0.65));
            den += w;
        }
        return den == 0 ? 0.5 : Math.max(0, Math.min(1, num / den));
    });

    /** Probabilities are clamped to [ε, 1 − ε] before the logit, so 0 and 1 count as ±16.1, not ±∞. */
    static final double LOGIT_EPSILON = 1e-7;

    static final Aggregation LOGIT_MEAN = named("logit-mean", s -> {
        if (s.length == 0) {
            return 0.5;
        }
        double total = 0;
        for (double p : s) {
            double c = Math.max(LOGIT_EPSILON, Math.min(1 - LOGIT_EPSILON, p));
            total += Math.log(c / (1 - c));
        }
        return 1 / (1 + Math.exp(-total / s.length));
    });

    record TopKMean(int k) implements Aggregation {
        @Override
        public double aggregate(double[] scores) {
            if (scores.length == 0) {
                return 0.5;
            }
            double[] c = scores.clone();
            Arrays.sort(c);
            int take = Math.min(k, c.length);
            double sum = 0;
            for (int i = c.length - take; i < c.length; i++) {
                sum += c[i];
            }
            return sum / take;
        }

        @Override
        public String toString() {
            return "topK:" + k;
        }
    }

    private static double sum(double[] s) {
        double total = 0;
        for (double v : s) {
            total += v;
        }
        return total;
    }

    private interface Rule {
        double apply(double[] scores);
    }

    private static Aggregation named(String name, Rule rule) {
        return new Aggregation() {
            @Override
            public double aggregate(double[] scores) {
                return rule.apply(scores);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
