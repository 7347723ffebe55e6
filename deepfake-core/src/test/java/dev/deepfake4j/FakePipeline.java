package dev.deepfake4j;

import dev.deepfake4j.classify.Classifier;
import dev.deepfake4j.classify.InputSpec;
import dev.deepfake4j.face.CropPolicy;
import dev.deepfake4j.face.FaceBox;
import dev.deepfake4j.face.FaceCrop;
import dev.deepfake4j.face.FaceCropper;
import dev.deepfake4j.face.FaceLocator;
import dev.deepfake4j.image.Frame;
import dev.deepfake4j.image.PixelFormat;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.sampling.VideoInfo;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.FrameSink;
import dev.deepfake4j.spi.VideoDecoder;
import dev.deepfake4j.spi.VideoSource;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small in-test implementations of the pipeline's interfaces, so the detector's orchestration can be checked with
 * numbers worked out by hand. A "video" is named by its file name: {@code N-frames.mp4} has N frames of 16x16
 * pixels whose every byte is the frame index; {@code missing.mp4} does not exist; {@code slow.mp4} blocks on a
 * latch in every frame until interrupted.
 */
final class FakePipeline {
    private FakePipeline() {
    }

    static final CountDownLatch NEVER = new CountDownLatch(1);

    static final class Decoder implements VideoDecoder {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicReference<DecodeOptions> lastOptions =
                new java.util.concurrent.atomic.AtomicReference<>();

        @Override
        public VideoSource open(Path path, DecodeOptions options) throws DeepfakeException {
            lastOptions.set(options);
            String name = path.getFileName().toString();
            if (name.equals("missing.mp4")) {
                throw new DeepfakeException(ErrorCode.FILE_NOT_FOUND, "No such file: " + path, path, null);
            }
            int frames = name.startsWith("slow") ? 1000 : Integer.parseInt(name.substring(0, name.indexOf('-')));
            open.incrementAndGet();
            VideoInfo info = VideoInfo.builder().path(path).codedSize(16, 16).frameCount(frames, true).fps(10)
                    .durationSeconds(frames / 10.0).codec("fake").build();
            return new VideoSource() {
                @Override
                public VideoInfo info() {
                    return info;
                }

                @Override
                public int decode(SamplePlan plan, FrameSink sink) throws DeepfakeException {
                    int n = 0;
                    ByteBuffer reused = ByteBuffer.allocateDirect(16 * 16 * 3);
                    for (int index : plan.indices()) {
                        if (index >= frames) {
                            break;
                        }
                        if (name.startsWith("slow")) {
                            try {
                                NEVER.await();
                            } catch (InterruptedException e) {
                                throw DeepfakeException.cancelled("decoding " + path);
                            }
                        }
                        for (int i = 0; i < reused.capacity(); i++) {
                            reused.put(i, (byte) index);
                        }
                        sink.accept(Frame.view(index, index / 10.0, 16, 16, 48, PixelFormat.BGR24, reused));
                        n++;
                    }
                    return n;
                }

                @Override
                public List<String> warnings() {
                    return List.of();
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }

        @Override
        public String name() {
            return "fake";
        }
    }

    /** Finds, in every frame, one face per entry of {@code boxes}. */
    static class Locator implements FaceLocator {
        final List<FaceBox> boxes;
        boolean closed;

        Locator(FaceBox... boxes) {
            this.boxes = List.of(boxes);
        }

        @Override
        public List<FaceBox> locate(Frame frame) {
            return boxes;
        }

        @Override
        public String name() {
            return "fake-locator";
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Makes crops whose every byte is the frame's first byte (the frame index), plus 100 for a box right of x = 100. */
    static final class Cropper implements FaceCropper {
        final java.util.Set<CropPolicy> policiesSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Override
        public FaceCrop crop(Frame frame, FaceBox box, CropPolicy policy, InputSpec spec) {
            policiesSeen.add(policy);
            byte[] px = new byte[spec.width() * spec.height() * 3];
            java.util.Arrays.fill(px, (byte) (frame.sample(0, 0, 0) + (box.x1() >= 100 ? 100 : 0)));
            return new FaceCrop(frame.index(), frame.ptsSeconds(), box, spec.width(), spec.height(), spec.channels(), px);
        }
    }

    /** P(fake) read from the crop's first byte through a function; records batch sizes. */
    static final class ByteClassifier implements Classifier {
        final java.util.function.IntToDoubleFunction score;
        final List<Integer> batches = new ArrayList<>();
        final int maxBatch;
        final InputSpec spec;
        List<String> warnings = List.of();
        dev.deepfake4j.aggregate.Aggregation declared;

        ByteClassifier(int maxBatch, int size, java.util.function.IntToDoubleFunction score) {
            this(maxBatch, InputSpec.builder(size, size).build(), score);
        }

        ByteClassifier(int maxBatch, InputSpec spec, java.util.function.IntToDoubleFunction score) {
            this.maxBatch = maxBatch;
            this.score = score;
            this.spec = spec;
        }

        @Override
        public InputSpec inputSpec() {
            return spec;
        }

        @Override
        public String name() {
            return "byte";
        }

        @Override
        public int maxBatchSize() {
            return maxBatch;
        }

        @Override
        public List<String> warnings() {
            return warnings;
        }

        @Override
        public java.util.Optional<dev.deepfake4j.aggregate.Aggregation> faceAggregation() {
            return java.util.Optional.ofNullable(declared);
        }

        @Override
        public synchronized float[] classify(List<FaceCrop> crops) {
            batches.add(crops.size());
            float[] out = new float[crops.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) score.applyAsDouble(crops.get(i).sample(0, 0, 0));
            }
            return out;
        }
    }
}
