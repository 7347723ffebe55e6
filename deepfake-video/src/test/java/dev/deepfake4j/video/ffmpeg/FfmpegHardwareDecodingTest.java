package dev.deepfake4j.video.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deepfake4j.image.Frame;
import dev.deepfake4j.sampling.FrameSampler;
import dev.deepfake4j.spi.DecodeOptions;
import dev.deepfake4j.spi.VideoSource;
import dev.deepfake4j.testing.TestAssets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hardware (CUDA/NVDEC) decoding on a machine without an NVIDIA GPU: the decoder falls back to software, delivers
 * exactly what software decoding delivers, and says so in its warnings. (With a GPU the same frames come back from
 * NVDEC; that path is exercised by the {@code gpu} benchmark profile, not here.)
 */
class FfmpegHardwareDecodingTest {
    private static final Path CLIP = TestAssets.require("videos/labelled/dfdc/lynaeydofd.mp4");

    private static List<Frame> decode(DecodeOptions options, List<String> warnings) throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (VideoSource source = new FfmpegVideoDecoder().open(CLIP, options)) {
            source.decode(FrameSampler.uniform(4).plan(source.info()), f -> frames.add(f.copy()));
            warnings.addAll(source.warnings());
        }
        return frames;
    }

    @Test
    void cuda_requested_without_a_gpu_decodes_in_software_and_warns() throws Exception {
        List<String> warnings = new ArrayList<>();
        List<Frame> frames = decode(DecodeOptions.builder().hardwareDecoding(DecodeOptions.HardwareDecoding.CUDA)
                .build(), warnings);
        // linspace(0, 299, 4) = 0, 99.67, 199.33, 299, truncated as the uniform sampler documents
        assertThat(frames).extracting(Frame::index).containsExactly(0, 99, 199, 299);
        assertThat(warnings).singleElement().asString().contains("Hardware decoding (CUDA) was requested")
                .contains("decoding in software");
    }

    @Test
    void the_software_fallback_gives_the_same_pixels_as_software_decoding() throws Exception {
        List<Frame> fallback = decode(DecodeOptions.builder()
                .hardwareDecoding(DecodeOptions.HardwareDecoding.CUDA).build(), new ArrayList<>());
        List<String> noWarnings = new ArrayList<>();
        List<Frame> software = decode(DecodeOptions.defaults(), noWarnings);
        assertThat(noWarnings).isEmpty();
        for (int i = 0; i < software.size(); i++) {
            assertThat(fallback.get(i).toPackedArray()).isEqualTo(software.get(i).toPackedArray());
        }
    }
}
