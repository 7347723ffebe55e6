package dev.deepfake4j.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.testing.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Opening, sampling and closing a real video many times leaves resident memory flat: nothing native leaks. */
class FfmpegNativeMemoryTest {

    @Test
    void residentMemoryStaysFlatOverManyOpenDecodeCloseCycles() throws DeepfakeException, IOException {
        Path status = Path.of("/proc/self/status");
        Assumptions.assumeTrue(Files.isReadable(status), "needs Linux /proc to read resident memory");
        Path video = TestAssets.require("videos/robustness/iphone_rotated.mov"); // rotation: both buffers in use
        FfmpegVideoDecoder decoder = new FfmpegVideoDecoder();
        DecodeOptions options = DecodeOptions.builder().threads(2).build();

        cycles(decoder, video, options, 40); // warm up: natives loaded, JIT, malloc arenas settled
        long before = residentKiB(status);
        cycles(decoder, video, options, 300);
        long after = residentKiB(status);

        // Each cycle allocates about 1.5 MB of native frames and buffers; a leak of any of them over 300 cycles
        // would add hundreds of MB.
        assertThat(after - before).as("resident growth in KiB").isLessThan(40 * 1024);
    }

    private static void cycles(FfmpegVideoDecoder decoder, Path video, DecodeOptions options, int n)
            throws DeepfakeException {
        for (int i = 0; i < n; i++) {
            try (VideoSource source = decoder.open(video, options)) {
                source.decode(FrameSampler.uniform(4).plan(source.info()), f -> { });
            }
        }
    }

    private static long residentKiB(Path status) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in " + status);
    }
}
