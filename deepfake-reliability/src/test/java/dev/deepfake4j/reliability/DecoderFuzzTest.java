package dev.deepfake4j.reliability;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.sampling.SamplePlan;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.video.ffmpeg.FfmpegVideoDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fuzzes the container and decoder entry: any bytes, written to a file, opened and decoded (a few frames) with the
 * FFmpeg decoder must end normally or in a {@link DeepfakeException}; any other exception is a finding, and a native
 * crash kills the fork (a finding too). Regression mode (CI) replays the committed seeds in
 * {@code DecoderFuzzTestInputs/openAndDecodeAnyBytes/}; {@code JAZZER_FUZZ=1} fuzzes (docs/reliability.md).
 */
class DecoderFuzzTest {
    private static final FfmpegVideoDecoder DECODER = new FfmpegVideoDecoder();
    /** Small limits: a fuzzed header may claim any size; 10 s per input keeps the fuzzer moving. */
    private static final DecodeOptions OPTIONS = DecodeOptions.builder().threads(1).maxDimensions(2048, 2048)
            .timeout(Duration.ofSeconds(10)).build();
    private static final SamplePlan PLAN = SamplePlan.ofIndices(0, 1, 2, 5, 30);
    private static Path file;

    @FuzzTest(maxDuration = "2m")
    void openAndDecodeAnyBytes(byte[] data) throws IOException {
        Path input = scratchFile();
        Files.write(input, data);
        AtomicInteger frames = new AtomicInteger();
        try (VideoSource source = DECODER.open(input, OPTIONS)) {
            source.decode(PLAN, frame -> {
                // Touch every byte of the first row, so a frame that lies about its size is noticed.
                for (int x = 0; x < frame.width(); x++) {
                    frame.sample(x, 0, 0);
                }
                frames.incrementAndGet();
            });
            source.warnings();
        } catch (DeepfakeException expected) {
            // the documented outcome for bad input
        }
    }

    private static synchronized Path scratchFile() {
        if (file == null) {
            try {
                file = Files.createTempFile("deepfake4j-fuzz-", ".bin");
                file.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }
}
