package dev.deepfake4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deepfake4j.testing.TestAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch where some files fail still reports every other file; result files are written whole or not at all. */
class NothingLostTest extends ConsoleCapture {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void scoreJsonOverEverySharedVideoPrintsOneLinePerFileAndExits3() throws IOException {
        Path videos = TestAssets.require("videos");
        Set<String> expected;
        try (Stream<Path> walk = Files.walk(videos)) {
            expected = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".json"))
                    .map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(expected).hasSizeGreaterThan(20);

        int exit = Main.execute("score", "--json", "--frames", "2", "--threads", "2", videos.toString());

        assertThat(exit).isEqualTo(Main.EXIT_SOME_FAILED);
        List<String> lines = out().lines().filter(l -> !l.isBlank()).toList();
        List<String> paths = new ArrayList<>();
        int failed = 0;
        for (String line : lines) {
            JsonNode o = JSON.readTree(line);
            paths.add(o.get("path").asText());
            if (o.has("error")) {
                failed++;
                assertThat(o.get("error").get("code").asText()).isNotBlank();
            } else {
                assertThat(o.get("p_fake").asDouble()).as(line).isCloseTo(scoreFromItsOwnFaces(o), within(1e-4));
            }
        }
        assertThat(paths).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(paths)).isEqualTo(expected);
        // The empty file, the audio-only file and the MP4 without its index fail; everything else scores.
        assertThat(failed).isEqualTo(3);
    }

    /**
     * A video's p_fake worked out again from the faces its line lists: each track's score is the mean of its faces'
     * scores (with 2 frames a track has at most 2 faces, where the confident strategy is the mean: more than 11
     * fakes cannot happen, and more than 0.9 n reals means all of them), the video's is the highest track score
     * clipped to [0.01, 0.99], or the prior 0.5 with no track. The JSON rounds to 4 decimals, hence the tolerance.
     */
    private static double scoreFromItsOwnFaces(JsonNode o) {
        Map<Integer, List<Double>> byTrack = new TreeMap<>();
        for (JsonNode frame : o.get("frames")) {
            for (JsonNode face : frame.get("faces")) {
                byTrack.computeIfAbsent(face.get("track").asInt(), t -> new ArrayList<>())
                        .add(face.get("p_fake").asDouble());
            }
        }
        assertThat(o.get("tracks")).hasSize(byTrack.size());
        double best = Double.NEGATIVE_INFINITY;
        for (JsonNode track : o.get("tracks")) {
            List<Double> faces = byTrack.get(track.get("id").asInt());
            assertThat(faces).hasSize(track.get("faces").asInt()).hasSizeLessThanOrEqualTo(2);
            double mean = faces.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertThat(track.get("p_fake").asDouble()).isCloseTo(mean, within(1e-4));
            best = Math.max(best, mean);
        }
        return byTrack.isEmpty() ? 0.5 : Math.max(0.01, Math.min(0.99, best));
    }

    @Test
    void evalCsvListsEveryLabelledVideoFailuresIncludedAndReplacesTheOldFileWhole() throws IOException {
        Path labels = Files.writeString(dir.resolve("metadata.json"), """
                {"lynaeydofd.mp4": {"label": "REAL"}, "gone.mp4": {"label": "FAKE"},
                 "abofeumbvv.mp4": {"label": "FAKE"}}
                """);
        Path csv = Files.writeString(dir.resolve("scores.csv"), "OLD CONTENT\n");
        Path videos = TestAssets.require("videos/labelled/dfdc");

        int exit = Main.execute("eval", "--labels", labels.toString(), "--csv", csv.toString(), "--frames", "2",
                videos.toString());

        assertThat(exit).isEqualTo(Main.EXIT_SOME_FAILED);
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).isEqualTo("path,label,p_fake,predicted,error");
        assertThat(rows.get(1)).startsWith("lynaeydofd.mp4,REAL,0.");
        assertThat(rows.get(2)).isEqualTo("gone.mp4,FAKE,,,FILE_NOT_FOUND");
        assertThat(rows.get(3)).startsWith("abofeumbvv.mp4,FAKE,0.");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("metadata.json",
                    "scores.csv");
        }
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("scores.csv"), "path,label\nold.mp4,REAL\n");
        assertThatThrownBy(() -> AtomicFiles.write(target, w -> {
            w.write("path,label\n");
            w.write("new.mp4,FAKE\n".repeat(10_000)); // more than any buffer: bytes reach the file
            throw new IOException("disk full (simulated)");
        })).hasMessageContaining("disk full");

        assertThat(Files.readString(target)).isEqualTo("path,label\nold.mp4,REAL\n");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("scores.csv");
        }
    }

    @Test
    void aCompletedWriteReplacesTheFileWhole() throws IOException {
        Path target = Files.writeString(dir.resolve("scores.csv"), "old\n".repeat(1000));
        AtomicFiles.write(target, w -> w.write("new\n"));
        assertThat(Files.readString(target)).isEqualTo("new\n");
    }
}
