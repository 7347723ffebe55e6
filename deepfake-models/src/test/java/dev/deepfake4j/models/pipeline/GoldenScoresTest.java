package dev.deepfake4j.models.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.VideoReport;
import dev.deepfake4j.testing.GoldenTolerance;
import dev.deepfake4j.testing.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The default detector with whole-frame face location on every sampled frame ({@code detectEvery(1)}), end to end,
 * gives each of the 9 labelled clips the p_fake recorded in {@code docs/golden/README.md} before the pipeline re-cut
 * of issue 13, within 1e-4. The true default ({@code detectEvery(8)}) stays within {@link #DEFAULT_TOLERANCE} of
 * them: {@code DefaultPipelineTest}.
 *
 * <p>Where the numbers come from: {@code docs/golden/RecordScores.java} (the default detector at commit
 * {@code 4cd301f}) printed them at full precision; {@code ./deepfake4j score --json} at the same commit wrote
 * {@code docs/golden/default-scores.jsonl} (4 decimals); and {@code deepfake-benchmarks/scripts/golden_crosscheck.py}
 * (the same rules in Python: OpenCV {@code VideoCapture} and {@code FaceDetectorYN}, ONNX Runtime, the maintainers'
 * {@code Meso4_DF.onnx}) agrees with every value within 6e-8. The commands are in {@code docs/golden/README.md}.
 */
class GoldenScoresTest {
    /** The tolerance the re-cut must keep: float-level noise, far below any real change of the pipeline. */
    static final double TOLERANCE = 1e-4;
    /** The default detector (every 8th frame located whole) against these values: {@link GoldenTolerance}. */
    static final double DEFAULT_TOLERANCE = GoldenTolerance.DEFAULT;

    /** A clip of the assets with its recorded video score and the score of its one track before clipping. */
    record Golden(String clip, double pFake, double track) {
    }

    /** docs/golden/README.md, "Values": every clip has one track of 32 faces. */
    static final List<Golden> GOLDEN = List.of(
            new Golden("dfdc/abofeumbvv.mp4", 0.4530327767133713, 0.4530327767133713),
            new Golden("dfdc/abqwwspghj.mp4", 0.26455663703382015, 0.26455663703382015),
            new Golden("dfdc/brtujopkby.mp4", 0.8771207963719088, 0.8771207963719088),
            new Golden("dfdc/lynaeydofd.mp4", 0.01, 0.009473409503698349),
            new Golden("dfdc/yhffcuhhjy.mp4", 0.4512867368757725, 0.4512867368757725),
            new Golden("ffpp/Deepfakes_003_000.mp4", 0.41620752587914467, 0.41620752587914467),
            new Golden("ffpp/Deepfakes_519_515.mp4", 0.9220103342086077, 0.9220103342086077),
            new Golden("ffpp/Face2Face_750_743.mp4", 0.10187900625169277, 0.10187900625169277),
            new Golden("ffpp/youtube_519.mp4", 0.3127331268042326, 0.3127331268042326));

    private static DeepfakeDetector detector;

    /** @param clip e.g. {@code ffpp/youtube_519.mp4} @return its recorded values */
    static Golden of(String clip) {
        return GOLDEN.stream().filter(g -> g.clip().equals(clip)).findFirst().orElseThrow();
    }

    static List<Golden> golden() {
        return GOLDEN;
    }

    @BeforeAll
    static void build() throws Exception {
        // Skips (or fails under CI) before the detector looks for its models in the assets' mirror.
        TestAssets.require("models/face_detection/yunet/yunet_s_640_640.onnx");
        TestAssets.require("models/deepfake/mesonet/Meso4_DF.h5");
        detector = DeepfakeDetector.builder().detectEvery(1).build();
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void everyFrameLocationGivesTheRecordedScore(Golden g) throws Exception {
        VideoReport r = detector.analyze(TestAssets.require("videos/labelled/" + g.clip()));
        assertThat(r.pFake()).as("p_fake of %s", g.clip()).isCloseTo(g.pFake(), within(TOLERANCE));
        assertThat(r.tracks()).as("tracks of %s", g.clip()).hasSize(1);
        assertThat(r.tracks().get(0).faces()).hasSize(32);
        assertThat(r.tracks().get(0).pFake()).as("track score of %s", g.clip()).isCloseTo(g.track(),
                within(TOLERANCE));
    }

    /** The constants above and the command-line tool's record are the same numbers (JSON: 4 decimals). */
    @Test
    void theConstantsAreTheRecordedJsonLines() throws IOException {
        Path jsonl = repositoryFile("docs/golden/default-scores.jsonl");
        ObjectMapper json = new ObjectMapper();
        Map<String, Double> recorded = new HashMap<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode o = json.readTree(line);
            Path p = Path.of(o.get("path").asText());
            recorded.put(p.getParent().getFileName() + "/" + p.getFileName(), o.get("p_fake").asDouble());
        }
        assertThat(recorded).hasSize(GOLDEN.size());
        for (Golden g : GOLDEN) {
            assertThat(recorded.get(g.clip())).as(g.clip()).isCloseTo(g.pFake(), within(5e-5));
        }
    }

    private static Path repositoryFile(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(relative))) {
                return d.resolve(relative);
            }
        }
        throw new AssertionError(relative + " not found in " + Path.of("").toAbsolutePath() + " or its parents");
    }
}
