package dev.deepfake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.deepfake4j.DeepfakeDetector;
import dev.deepfake4j.DeepfakeException;
import dev.deepfake4j.ErrorCode;
import dev.deepfake4j.Label;
import dev.deepfake4j.testing.GoldenTolerance;
import dev.deepfake4j.testing.TestAssets;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the job in local mode (two task threads) on the labelled videos of the shared assets, a file that is not a
 * video, a path that does not exist, and one video streamed from a non-local Hadoop file system. The big job runs
 * once; each test checks one behaviour of its output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeepfakeSparkJobTest {
    /** The library's default, so that the job's scores can be checked against the golden ones. */
    private static final int FRAMES = 32;
    private static final List<String> LABELLED = List.of(
            "dfdc/abofeumbvv.mp4", "dfdc/abqwwspghj.mp4", "dfdc/brtujopkby.mp4", "dfdc/lynaeydofd.mp4",
            "dfdc/yhffcuhhjy.mp4", "ffpp/Deepfakes_003_000.mp4", "ffpp/Deepfakes_519_515.mp4",
            "ffpp/Face2Face_750_743.mp4", "ffpp/youtube_519.mp4");
    /**
     * The default detector's p_fake of each labelled clip, recorded before the re-cut of issue 13 and cross-checked
     * in Python: docs/golden/README.md (commands there; deepfake-models' GoldenScoresTest checks the library itself).
     */
    private static final Map<String, Double> GOLDEN = Map.of(
            "dfdc/abofeumbvv.mp4", 0.4530327767133713, "dfdc/abqwwspghj.mp4", 0.26455663703382015,
            "dfdc/brtujopkby.mp4", 0.8771207963719088, "dfdc/lynaeydofd.mp4", 0.01,
            "dfdc/yhffcuhhjy.mp4", 0.4512867368757725, "ffpp/Deepfakes_003_000.mp4", 0.41620752587914467,
            "ffpp/Deepfakes_519_515.mp4", 0.9220103342086077, "ffpp/Face2Face_750_743.mp4", 0.10187900625169277,
            "ffpp/youtube_519.mp4", 0.3127331268042326);

    @TempDir
    static Path work;

    private SparkSession spark;
    private List<String> videos;
    private String notAVideo;
    private String missing;
    private String remoteVideo;
    private JobSummary summary;
    private Map<String, Row> rowsByPath;
    private int detectorsBuiltByTheJob;
    /** Names of the entries created in {@code java.io.tmpdir} while the job ran (by any process). */
    private final List<String> createdInTmpDuringTheJob = new ArrayList<>();

    @BeforeAll
    void scoreTheLabelledVideos() throws IOException {
        videos = new ArrayList<>();
        for (String name : LABELLED) {
            videos.add(TestAssets.require("videos/labelled/" + name).toString());
        }
        notAVideo = Files.writeString(work.resolve("notes.mp4"), "this is not a video\n").toString();
        missing = work.resolve("no-such-clip.mp4").toString();
        remoteVideo = LocalDiskAsRemoteFileSystem.SCHEME + "://" + videos.get(5);
        List<String> lines = new ArrayList<>(List.of("# every labelled video, and three awkward inputs", ""));
        lines.addAll(videos);
        lines.addAll(List.of(notAVideo, missing, remoteVideo));
        Path list = Files.write(work.resolve("videos.txt"), lines);

        spark = SparkSessions.local(2).getOrCreate();
        int builtBefore = ExecutorDetectors.built();
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            tmp.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            summary = DeepfakeSparkJob.run(spark,
                    JobOptions.of(list.toString(), work.resolve("scores").toString()).withFrames(FRAMES));
            WatchKey key;
            while ((key = watch.poll()) != null) {
                key.pollEvents().forEach(e -> createdInTmpDuringTheJob.add(String.valueOf(e.context())));
                key.reset();
            }
        }
        detectorsBuiltByTheJob = ExecutorDetectors.built() - builtBefore;
        rowsByPath = spark.read().schema(ScoreTable.SCHEMA).parquet(work.resolve("scores").toString())
                .collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs(ScoreTable.PATH), Function.identity()));
    }

    @AfterAll
    void stop() {
        if (spark != null) {
            spark.stop();
        }
        ExecutorDetectors.closeAll();
    }

    @Test
    void everyListedInputHasExactlyOneRow() {
        List<String> expected = new ArrayList<>(videos);
        expected.addAll(List.of(notAVideo, missing, remoteVideo));
        assertThat(rowsByPath.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(summary.videos()).isEqualTo(expected.size());
    }

    @Test
    void everyLabelledVideoGetsItsGoldenScore() {
        for (int i = 0; i < videos.size(); i++) {
            String video = videos.get(i);
            Row row = rowsByPath.get(video);
            assertThat((String) row.getAs(ScoreTable.ERROR_CODE)).as(video).isNull();
            assertThat((Double) row.getAs(ScoreTable.P_FAKE)).as(video)
                    .isCloseTo(GOLDEN.get(LABELLED.get(i)), within(GoldenTolerance.DEFAULT));
            assertThat((Integer) row.getAs(ScoreTable.FACES)).as(video).isPositive();
            assertThat((Integer) row.getAs(ScoreTable.TRACKS)).as(video).isPositive();
        }
    }

    @Test
    void theLabelIsTheLibrarysVerdictAtTheDefaultThreshold() {
        for (String video : videos) {
            Row row = rowsByPath.get(video);
            double pFake = row.getAs(ScoreTable.P_FAKE);
            assertThat((String) row.getAs(ScoreTable.LABEL)).as(video).isEqualTo(Label.of(pFake, 0.5).name());
        }
    }

    @Test
    void scoredRowsCarryTheirStageTimings() {
        Row row = rowsByPath.get(videos.get(0));
        assertThat((Double) row.getAs(ScoreTable.DECODE_MS)).isPositive();
        assertThat((Double) row.getAs(ScoreTable.LOCATE_MS)).isPositive();
        assertThat((Double) row.getAs(ScoreTable.CLASSIFY_MS)).isPositive();
        assertThat((Double) row.getAs(ScoreTable.TOTAL_MS)).isGreaterThanOrEqualTo(row.getAs(ScoreTable.DECODE_MS));
        assertThat((String) row.getAs(ScoreTable.HOST)).isNotBlank();
    }

    @Test
    void aFileThatIsNotAVideoIsARowWithItsErrorNotAFailedJob() {
        Row row = rowsByPath.get(notAVideo);
        assertThat((String) row.getAs(ScoreTable.ERROR_CODE)).isEqualTo(ErrorCode.NOT_A_VIDEO.name());
        assertThat((String) row.getAs(ScoreTable.ERROR_MESSAGE)).contains("notes.mp4");
        assertThat((Double) row.getAs(ScoreTable.P_FAKE)).isNull();
        assertThat((String) row.getAs(ScoreTable.LABEL)).isNull();
    }

    @Test
    void aMissingFileIsARowWithFileNotFound() {
        Row row = rowsByPath.get(missing);
        assertThat((String) row.getAs(ScoreTable.ERROR_CODE)).isEqualTo(ErrorCode.FILE_NOT_FOUND.name());
        assertThat((String) row.getAs(ScoreTable.ERROR_MESSAGE)).contains("no-such-clip.mp4");
    }

    @Test
    void theSummaryCountsTheFailedRows() {
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.scored()).isEqualTo(videos.size() + 1);
    }

    @Test
    void aVideoOnANonLocalFileSystemScoresTheSameAsTheLocalFile() {
        Row remote = rowsByPath.get(remoteVideo);
        Row local = rowsByPath.get(videos.get(5));
        assertThat((String) remote.getAs(ScoreTable.ERROR_CODE)).isNull();
        assertThat((Double) remote.getAs(ScoreTable.P_FAKE)).isEqualTo(local.getAs(ScoreTable.P_FAKE));
    }

    @Test
    void aNonLocalVideoIsStreamedNotCopiedToTheExecutorsDisk() {
        String name = Path.of(videos.get(5)).getFileName().toString();
        assertThat(createdInTmpDuringTheJob).as("files created in java.io.tmpdir while the job ran")
                .noneMatch(n -> n.contains(name));
    }

    @Test
    void allTasksOfTheExecutorShareOneDetector() {
        assertThat(detectorsBuiltByTheJob).isEqualTo(1);
    }

    @Test
    void theScoreInTheTableIsTheDetectorsOwnScore() throws DeepfakeException {
        String video = videos.get(3); // dfdc/lynaeydofd.mp4, a REAL clip with one face
        double direct;
        try (DeepfakeDetector detector = new DefaultDetectorFactory(FRAMES).create()) {
            direct = detector.score(Path.of(video));
        }
        assertThat((Double) rowsByPath.get(video).getAs(ScoreTable.P_FAKE)).isEqualTo(direct);
    }

    @Test
    void aFolderIsListedRecursivelySkippingMarkersAndMetadataAndCanBeWrittenAsJson() throws IOException {
        Path folder = Files.createDirectories(work.resolve("folder/part_0"));
        Path video = Files.copy(Path.of(videos.get(5)), folder.resolve("clip.mp4"));
        Path notes = Files.writeString(folder.getParent().resolve("readme.txt"), "not a video");
        Files.writeString(folder.resolve("metadata.json"), "{}");
        Files.writeString(folder.resolve(".hidden.mp4"), "");
        Files.writeString(folder.resolve("_SUCCESS"), "");
        Files.createDirectories(work.resolve("folder/_temporary")).resolve("x.mp4").toFile().createNewFile();
        Path out = work.resolve("folder-scores.json");

        JobSummary s = DeepfakeSparkJob.run(spark,
                JobOptions.of(work.resolve("folder").toString(), out.toString()).withFormat(OutputFormat.JSON)
                        .withFrames(4));

        List<Row> rows = spark.read().schema(ScoreTable.SCHEMA).json(out.toString()).collectAsList();
        assertThat(rows).extracting(r -> (String) r.getAs(ScoreTable.PATH))
                .containsExactlyInAnyOrder(video.toString(), notes.toString());
        assertThat(s.failed()).isEqualTo(1);
    }

    @Test
    void aJobThatFailsLeavesNothingAtTheOutputPath() throws IOException {
        Path out = work.resolve("failed-job/scores");
        Files.createDirectories(out.getParent());
        JobOptions options = JobOptions.of(work.resolve("videos.txt").toString(), out.toString());

        // Without adaptive execution the scoring stage runs inside the write job, after Spark has set up its output
        // folder: the failure then comes where a direct write would leave a folder behind.
        spark.conf().set("spark.sql.adaptive.enabled", "false");
        try {
            assertThatThrownBy(() -> DeepfakeSparkJob.run(spark, options, new UnbuildableDetector("no model here")))
                    .hasStackTraceContaining("no model here");
        } finally {
            spark.conf().unset("spark.sql.adaptive.enabled");
        }

        assertThat(out).doesNotExist();
        try (Stream<Path> siblings = Files.list(out.getParent())) {
            assertThat(siblings).isEmpty(); // the staging folder is gone too
        }
    }

    @Test
    void anExistingOutputIsRefusedAndLeftAlone() throws IOException {
        Path out = Files.createDirectories(work.resolve("earlier-scores"));
        Path earlier = Files.writeString(out.resolve("part-0.parquet"), "earlier result");
        JobOptions options = JobOptions.of(work.resolve("videos.txt").toString(), out.toString());

        assertThatThrownBy(() -> DeepfakeSparkJob.run(spark, options))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
        assertThat(earlier).hasContent("earlier result");
    }

    /** A detector that cannot be built on any executor: the job must fail, not write rows of errors. */
    record UnbuildableDetector(String why) implements DetectorFactory {
        @Override
        public DeepfakeDetector create() throws DeepfakeException {
            throw new DeepfakeException(ErrorCode.MODEL_NOT_FOUND, why);
        }
    }
}
