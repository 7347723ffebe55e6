package dev.deepfake4j.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary's arithmetic and splicing, on hand-written JMH JSON. */
class BenchmarkSummaryTest {

    private static String result(String benchmark, String params, double median, String unit) {
        return "{\"benchmark\":\"dev.deepfake4j.benchmarks." + benchmark + "\",\"mode\":\"avgt\",\"forks\":1,"
                + "\"params\":{" + params + "},\"primaryMetric\":{\"score\":" + (median + 1) + ",\"scoreError\":0.5,"
                + "\"scorePercentiles\":{\"50.0\":" + median + "},\"scoreUnit\":\"" + unit + "\"}}";
    }

    private static String summarise(String... results) throws Exception {
        JsonNode json = new ObjectMapper().readTree("[" + String.join(",", results) + "]");
        return new BenchmarkSummary(json, Map.of("1080p-full", 2.0), Optional.empty(), "cmd", 2, Optional.empty())
                .markdown(List.of(Path.of("x.json")));
    }

    @Test
    void locators_are_compared_with_yunet_at_the_same_resolution_by_median() throws Exception {
        String md = summarise(
                result("face.FaceLocatorBenchmark.locate", "\"locator\":\"yunet\",\"resolution\":\"1080p\"", 10, "ms/op"),
                result("face.FaceLocatorBenchmark.locate", "\"locator\":\"haar\",\"resolution\":\"1080p\"", 30, "ms/op"),
                result("face.FaceLocatorBenchmark.locate", "\"locator\":\"haar\",\"resolution\":\"720p\"", 7, "ms/op"));
        assertThat(md).contains("| haar | 1080p | 30.0 | 0.500 | ms/op | 3.00× |");
        assertThat(md).contains("| haar | 720p | 7.00 | 0.500 | ms/op | – |"); // no yunet row at 720p
    }

    @Test
    void classifier_rows_give_time_per_face_and_compare_it_with_batch_one() throws Exception {
        String md = summarise(
                result("classify.ClassifierBenchmark.classifyBatch", "\"batch\":\"1\",\"model\":\"M\"", 4, "ms/op"),
                result("classify.ClassifierBenchmark.classifyBatch", "\"batch\":\"8\",\"model\":\"M\"", 16, "ms/op"));
        // 16 ms for 8 faces = 2 ms per face, half of batch 1's 4 ms
        assertThat(md).contains("| 8 | M | 16.0 | 0.500 | ms/op | 2.00 ms/face | 0.500× |");
    }

    @Test
    void decoding_is_compared_with_full_decode_and_the_ffmpeg_cli() throws Exception {
        String md = summarise(
                result("decode.DecodeBenchmark.decodeClip", "\"resolution\":\"1080p\",\"mode\":\"FULL\"", 1000, "ms/op"),
                result("decode.DecodeBenchmark.decodeClip", "\"resolution\":\"1080p\",\"mode\":\"UNIFORM32\"", 500,
                        "ms/op"));
        // 500 ms against FULL's 1000 ms and the CLI's 2.0 s
        assertThat(md).contains("| 1080p | UNIFORM32 | 500 | 0.500 | ms/op | 0.500× | 0.250× of `1080p-full` |");
    }

    @Test
    void splicing_replaces_only_the_generated_section() {
        String page = "# T\n\nhand\n" + BenchmarkSummary.BEGIN + "\nold\n" + BenchmarkSummary.END + "\ntail\n";
        String out = BenchmarkSummary.splice(page, "new\n");
        assertThat(out).isEqualTo("# T\n\nhand\n" + BenchmarkSummary.BEGIN + "\nnew\n" + BenchmarkSummary.END
                + "\ntail\n");
    }

    @Test
    void ffmpeg_timings_are_read_skipping_comments(@TempDir Path dir) throws Exception {
        Path tsv = Files.writeString(dir.resolve("cli.tsv"), "# ffmpeg 5.1\n1080p-full\t1.25\n\n720p-full\t0.5\n");
        assertThat(BenchmarkSummary.readTsv(tsv)).containsExactly(Map.entry("1080p-full", 1.25),
                Map.entry("720p-full", 0.5));
    }
}
