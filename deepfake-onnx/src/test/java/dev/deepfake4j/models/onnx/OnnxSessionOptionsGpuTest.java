package dev.deepfake4j.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPU options are checked when the options are built, before any session exists. */
class OnnxSessionOptionsGpuTest {

    @Test
    void gpu_options_are_kept_for_cuda() {
        OnnxSessionOptions o = OnnxSessionOptions.builder().executionProvider(ExecutionProvider.CUDA).deviceId(1)
                .gpuMemoryLimit(2L << 30).cudnnConvAlgoSearch(CudnnConvAlgoSearch.HEURISTIC).build();
        assertThat(o.deviceId()).isEqualTo(1);
        assertThat(o.gpuMemoryLimit()).isEqualTo(2L << 30);
        assertThat(o.cudnnConvAlgoSearch()).contains(CudnnConvAlgoSearch.HEURISTIC);
        assertThat(o.toBuilder().build().gpuMemoryLimit()).isEqualTo(2L << 30);
    }

    @Test
    void tensor_rt_options_are_kept_for_tensor_rt(@TempDir Path dir) {
        OnnxSessionOptions o = OnnxSessionOptions.builder().executionProvider(ExecutionProvider.TENSOR_RT)
                .tensorRtFp16(true).tensorRtEngineCache(dir.resolve("engines")).build();
        assertThat(o.tensorRtFp16()).isTrue();
        assertThat(o.tensorRtEngineCache()).contains(dir.resolve("engines").toAbsolutePath());
    }

    @Test
    void a_gpu_memory_limit_on_the_cpu_provider_is_rejected_naming_both() {
        var b = OnnxSessionOptions.builder().gpuMemoryLimit(1L << 30);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gpuMemoryLimit 1073741824").hasMessageContaining("CPU");
    }

    @Test
    void a_device_id_on_the_cpu_provider_is_rejected() {
        var b = OnnxSessionOptions.builder().deviceId(2);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("deviceId 2");
    }

    @Test
    void tensor_rt_fp16_with_cuda_is_rejected_naming_both() {
        var b = OnnxSessionOptions.builder().executionProvider(ExecutionProvider.CUDA).tensorRtFp16(true);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tensorRtFp16").hasMessageContaining("TENSOR_RT").hasMessageContaining("CUDA");
    }

    @Test
    void cudnn_search_on_the_cpu_provider_is_rejected() {
        var b = OnnxSessionOptions.builder().cudnnConvAlgoSearch(CudnnConvAlgoSearch.EXHAUSTIVE);
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cudnnConvAlgoSearch EXHAUSTIVE");
    }

    @Test
    void an_engine_cache_that_is_a_file_is_rejected(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> OnnxSessionOptions.builder().tensorRtEngineCache(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
    }

    @Test
    void a_gpu_memory_limit_below_64_mib_is_rejected() {
        assertThatThrownBy(() -> OnnxSessionOptions.builder().gpuMemoryLimit(1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1000");
    }
}
