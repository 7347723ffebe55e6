package dev.deepfake4j.sampling;

import java.util.Arrays;
import java.util.Locale;

/** The built-in {@link FrameSampler} policies. */
final class Samplers {
    private Samplers() {
    }

    record Uniform(int n) implements FrameSampler {
        @Override
        public SamplePlan plan(VideoInfo info) {
            long count = info.frameCount();
            if (count <= 0) {
                return SamplePlan.ofIndices();
            }
            int[] idx = new int[n];
            if (n == 1) {
                idx[0] = 0;
            } else {
                double step = (double) (count - 1) / (n - 1);
                for (int i = 0; i < n; i++) {
                    idx[i] = (int) Math.floor(i * step);
                }
            }
            return SamplePlan.ofIndices(idx);
        }

        @Override
        public String toString() {
            return "uniform:" + n;
        }
    }

    record EveryNth(int k) implements FrameSampler {
        @Override
        public SamplePlan plan(VideoInfo info) {
            long count = info.frameCount();
            int n = (int) Math.min(Integer.MAX_VALUE, (count + k - 1) / k);
            int[] idx = new int[Math.max(n, 0)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i * k;
            }
            return SamplePlan.ofIndices(idx);
        }

        @Override
        public String toString() {
            return "every:" + k;
        }
    }

    record PerSecond(double rate) implements FrameSampler {
        @Override
        public SamplePlan plan(VideoInfo info) {
            double duration = info.durationSeconds();
            if (Double.isNaN(duration) && info.fps() > 0) {
                duration = info.frameCount() / info.fps();
            }
            if (!(duration > 0)) {
                return SamplePlan.ofTimestamps(0);
            }
            int n = (int) Math.ceil(duration * rate - 1e-9);
            double[] t = new double[Math.max(n, 1)];
            for (int i = 0; i < t.length; i++) {
                t[i] = i / rate;
            }
            return SamplePlan.ofTimestamps(t);
        }

        @Override
        public String toString() {
            return "fps:" + (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate));
        }
    }

    record Keyframes(int max) implements FrameSampler {
        @Override
        public SamplePlan plan(VideoInfo info) {
            return SamplePlan.keyframes(max);
        }

        @Override
        public String toString() {
            return "keyframes";
        }
    }

    record At(SamplePlan plan) implements FrameSampler {
        @Override
        public SamplePlan plan(VideoInfo info) {
            return plan;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("at:");
            double[] t = plan.timestamps();
            for (int i = 0; i < t.length; i++) {
                sb.append(i == 0 ? "" : ",").append(t[i]);
            }
            return sb.toString();
        }
    }

    static FrameSampler parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("sampler spec is empty; use uniform:N, every:K, fps:R, keyframes or at:T,...");
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("keyframes")) {
            return FrameSampler.keyframes();
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("unknown sampler '" + spec + "'; use uniform:N, every:K, fps:R, keyframes or at:T,...");
        }
        String name = s.substring(0, colon);
        String arg = s.substring(colon + 1);
        try {
            return switch (name) {
                case "uniform" -> FrameSampler.uniform(Integer.parseInt(arg));
                case "every" -> FrameSampler.everyNth(Integer.parseInt(arg));
                case "fps" -> FrameSampler.perSecond(Double.parseDouble(arg));
                case "at" -> FrameSampler.at(Arrays.stream(arg.split(",")).mapToDouble(Double::parseDouble).toArray());
                default -> throw new IllegalArgumentException("unknown sampler '" + spec
                        + "'; use uniform:N, every:K, fps:R, keyframes or at:T,...");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number in sampler '" + spec + "': " + e.getMessage(), e);
        }
    }
}
